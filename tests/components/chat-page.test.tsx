// @vitest-environment happy-dom
import "../support/components/setup";
import { screen, waitFor, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { ChatPage } from "@/components/chat/chat-page";
import { scriptFetch } from "../support/components/browser";
import { apiError, type Handlers } from "../support/components/fake-api";
import { renderWithApi } from "../support/components/render";
import { textAnswer, uiStreamResponse } from "../support/components/ui-stream";

type Conversation = { id: string; title: string; updatedAt: Date };
const at = new Date("2025-01-02T00:00:00Z");

function renderPage(initial: Conversation[], handlers: Handlers = {}) {
  let conversations = initial;
  const r = renderWithApi(<ChatPage />, {
    "agent.status": () => ({ configured: true, model: "fake-model", endpoint: "local" }),
    "agent.availableTools": () => [],
    "connectors.list": () => [],
    "tools.list": () => [],
    "agent.conversations": () => conversations,
    "agent.conversation": ({ id }) => ({
      id,
      title: conversations.find((c) => c.id === id)?.title ?? "",
      messages: [
        { id: `${id}-u`, role: "user", parts: [{ type: "text", text: `question of ${id}` }] },
        { id: `${id}-a`, role: "assistant", parts: [{ type: "text", text: `answer of ${id}` }] },
      ],
    }),
    "agent.deleteConversation": ({ id }) => {
      conversations = conversations.filter((c) => c.id !== id);
      return { id };
    },
    ...handlers,
  });
  const sidebar = within(screen.getByRole("complementary", { name: "Conversations" }));
  return { ...r, sidebar, add: (c: Conversation) => (conversations = [c, ...conversations]) };
}

test("lists the conversations; an empty list says so", async () => {
  renderPage([]);
  expect(await screen.findByText("No conversations yet.")).toBeInTheDocument();
});

test("opening a conversation shows its messages; New chat starts an empty one", async () => {
  const { user, sidebar, api } = renderPage([
    { id: "c1", title: "Lunch plans", updatedAt: at },
    { id: "c2", title: "Word meanings", updatedAt: at },
  ]);
  await user.click(await sidebar.findByRole("button", { name: /^Word meanings/ }));

  await waitFor(() => expect(screen.getByTestId("msg-assistant")).toHaveTextContent("answer of c2"));
  expect(screen.getByTestId("msg-user")).toHaveTextContent("question of c2");
  expect(api.inputsOf("agent.conversation")).toEqual([{ id: "c2" }]);

  await user.click(sidebar.getByRole("button", { name: "New chat" }));
  expect(screen.queryByTestId("msg-user")).not.toBeInTheDocument();
  expect(screen.getByText(/Ask anything/)).toBeInTheDocument();
});

test("a conversation that cannot be opened says so", async () => {
  const { user, sidebar } = renderPage([{ id: "c1", title: "Gone", updatedAt: at }], {
    "agent.conversation": () => {
      throw apiError("NOT_FOUND", "Conversation not found.");
    },
  });
  await user.click(await sidebar.findByRole("button", { name: /^Gone/ }));
  expect(await sidebar.findByText("This conversation could not be opened.")).toBeInTheDocument();
});

test("deleting the open conversation removes it and starts a new chat", async () => {
  const { user, sidebar, api } = renderPage([
    { id: "c1", title: "Lunch plans", updatedAt: at },
    { id: "c2", title: "Word meanings", updatedAt: at },
  ]);
  await user.click(await sidebar.findByRole("button", { name: /^Lunch plans/ }));
  await waitFor(() => expect(screen.getByTestId("msg-assistant")).toHaveTextContent("answer of c1"));

  await user.click(sidebar.getByRole("button", { name: "Delete conversation Lunch plans" }));
  const confirm = screen.getByRole("alertdialog", { name: "Delete this conversation?" });
  expect(confirm).toHaveTextContent("“Lunch plans” and its messages are deleted.");
  await user.click(within(confirm).getByRole("button", { name: "Delete conversation" }));

  await waitFor(() => expect(sidebar.queryByRole("button", { name: /^Lunch plans/ })).not.toBeInTheDocument());
  expect(api.inputsOf("agent.deleteConversation")).toEqual([{ id: "c1" }]);
  expect(screen.queryByTestId("msg-assistant")).not.toBeInTheDocument();
  expect(sidebar.getByRole("button", { name: /^Word meanings/ })).toBeInTheDocument();
});

test("deleting another conversation keeps the open one", async () => {
  const { user, sidebar } = renderPage([
    { id: "c1", title: "Lunch plans", updatedAt: at },
    { id: "c2", title: "Word meanings", updatedAt: at },
  ]);
  await user.click(await sidebar.findByRole("button", { name: /^Lunch plans/ }));
  await waitFor(() => expect(screen.getByTestId("msg-assistant")).toHaveTextContent("answer of c1"));
  await user.click(sidebar.getByRole("button", { name: "Delete conversation Word meanings" }));
  // Cancel first: nothing is deleted.
  await user.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Cancel" }));
  expect(sidebar.getByRole("button", { name: /^Word meanings/ })).toBeInTheDocument();
  await user.click(sidebar.getByRole("button", { name: "Delete conversation Word meanings" }));
  await user.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Delete conversation" }));
  await waitFor(() => expect(sidebar.queryByRole("button", { name: /^Word meanings/ })).not.toBeInTheDocument());
  expect(screen.getByTestId("msg-assistant")).toHaveTextContent("answer of c1");
});

test("a new conversation appears in the list once answered", async () => {
  scriptFetch({ "POST /api/agent/chat": () => uiStreamResponse(textAnswer("Hi!")) });
  const page = renderPage([]);
  await page.sidebar.findByText("No conversations yet.");
  const message = await screen.findByRole("textbox", { name: "Message" });
  await waitFor(() => expect(message).toBeEnabled());

  page.add({ id: "new", title: "Hello", updatedAt: at });
  await page.user.type(message, "Hello{Enter}");

  expect(await page.sidebar.findByRole("button", { name: /^Hello/ })).toBeInTheDocument();
});

test("a failed delete is reported inside the confirmation", async () => {
  const { user, sidebar } = renderPage([{ id: "c1", title: "Lunch plans", updatedAt: at }], {
    "agent.deleteConversation": () => {
      throw apiError("INTERNAL", "Something went wrong on our side. Reference: r7");
    },
  });
  await user.click(await sidebar.findByRole("button", { name: "Delete conversation Lunch plans" }));
  const confirm = screen.getByRole("alertdialog");
  await user.click(within(confirm).getByRole("button", { name: "Delete conversation" }));
  expect(await within(confirm).findByRole("alert")).toHaveTextContent("Reference: r7");
});

test("on a phone the conversations open in a drawer, which closes on opening one", async () => {
  const { user } = renderPage([{ id: "c1", title: "Lunch plans", updatedAt: at }]);
  await user.click(await screen.findByRole("button", { name: "Conversations" }));
  const drawer = await screen.findByRole("dialog", { name: "Conversations" });
  await user.click(await within(drawer).findByRole("button", { name: /^Lunch plans/ }));
  await waitFor(() => expect(screen.queryByRole("dialog", { name: "Conversations" })).not.toBeInTheDocument());
  await waitFor(() => expect(screen.getByTestId("msg-assistant")).toHaveTextContent("answer of c1"));

  // The phone's own New chat button sits next to the Conversations button.
  await user.click(screen.getAllByRole("button", { name: "New chat" }).at(-1)!);
  expect(screen.queryByTestId("msg-assistant")).not.toBeInTheDocument();
});
