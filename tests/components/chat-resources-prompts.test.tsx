// @vitest-environment happy-dom
import "../support/components/setup";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, test } from "vitest";
import { ChatView, type ChatMessage } from "@/components/chat/chat-view";
import type { PromptInfo, ResourceContent } from "@/lib/schemas/mcp";
import { scriptFetch, type FetchCall } from "../support/components/browser";
import { apiError, type Handlers } from "../support/components/fake-api";
import { buildConnector } from "../support/components/builders";
import { renderWithApi } from "../support/components/render";
import { textAnswer, uiStreamResponse } from "../support/components/ui-stream";

const docs = () => buildConnector({ id: "conn_docs", name: "Docs" });
const guide: ResourceContent = {
  connectorId: "conn_docs",
  connectorName: "Docs",
  uri: "demo://guide.md",
  name: "guide.md",
  mimeType: "text/markdown",
  text: "# Guide",
  size: 7,
  truncated: false,
};
const argsPrompt: PromptInfo = {
  connectorId: "conn_docs",
  connectorName: "Docs",
  name: "args-prompt",
  title: "Weather",
  description: "Weather in a city",
  arguments: [
    { name: "city", description: "Name of the city", required: true },
    { name: "state", required: false },
  ],
};
const simplePrompt: PromptInfo = {
  connectorId: "conn_wiki",
  connectorName: "Wiki",
  name: "summary",
  arguments: [],
};

type ChatBody = { messages: ChatMessage[] };
const bodyOf = (c: FetchCall) => JSON.parse(c.body) as ChatBody;

function renderChat(handlers: Handlers = {}) {
  const r = renderWithApi(<ChatView chatId="chat_1" initialMessages={[]} onActivity={() => undefined} />, {
    "agent.status": () => ({ configured: true, model: "fake-model", endpoint: null }),
    "agent.availableTools": () => [],
    "connectors.list": () => [docs(), buildConnector({ id: "conn_off", name: "Off", enabled: false })],
    "tools.list": () => [],
    "mcp.resources": () => ({
      connectorName: "Docs",
      resources: [{ uri: guide.uri, name: "guide.md", mimeType: "text/markdown" }],
      templates: [
        {
          uriTemplate: "demo://items/{id}",
          name: "Item",
          description: "One item by id",
          variables: ["id"],
        },
      ],
    }),
    "mcp.prompts": () => ({ prompts: [argsPrompt, simplePrompt], unavailable: ["Gone"] }),
    ...handlers,
  });
  const message = () => screen.getByRole("textbox", { name: "Message" });
  return { ...r, message };
}

describe("attaching resources", () => {
  test("a connector's resource goes with the next message as a chip, then the composer is clear", async () => {
    const { calls } = scriptFetch({ "POST /api/agent/chat": () => uiStreamResponse(textAnswer("Read it.")) });
    const read: unknown[] = [];
    const { user, message } = renderChat({
      "mcp.readResource": (input) => {
        read.push(input);
        return [guide];
      },
    });
    await waitFor(() => expect(message()).toBeEnabled());
    await user.click(screen.getByRole("button", { name: "Attach a resource" }));
    const dialog = await screen.findByRole("dialog", { name: "Attach a resource" });
    // Only connectors that are on, by the names users chose.
    expect(within(dialog).getByRole("combobox", { name: "Connector" })).toHaveTextContent("Docs");
    expect(within(dialog).queryByText("Off")).toBeNull();
    await user.click(await within(dialog).findByRole("button", { name: "Attach guide.md" }));
    expect(read).toEqual([{ connectorId: "conn_docs", uri: "demo://guide.md", name: "guide.md" }]);
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    const attached = screen.getByRole("group", { name: "Attached to your next message" });
    expect(within(attached).getByTestId("attachment-chip")).toHaveTextContent("guide.md · Docs");

    await user.type(message(), "Summarise{Enter}");
    await waitFor(() => expect(calls).toHaveLength(1));
    const sent = bodyOf(calls[0]!).messages.at(-1)!;
    expect(sent.parts).toEqual([
      { type: "text", text: "Summarise" },
      { type: "data-attachment", data: guide },
    ]);
    expect(screen.queryByRole("group", { name: "Attached to your next message" })).toBeNull();
    // The sent message shows what went with it.
    expect(within(screen.getByTestId("msg-user")).getByTestId("attachment-chip")).toHaveTextContent("guide.md");
  });

  test("a template is filled in with the server's suggestions; binary content shows its type and size", async () => {
    const asked: unknown[] = [];
    const { user } = renderChat({
      "mcp.complete": (input) => {
        asked.push(input);
        return ["42", "43"];
      },
      "mcp.readTemplate": (input) => [
        {
          ...guide,
          uri: "demo://items/42",
          name: input.name ?? "",
          mimeType: "image/png",
          text: undefined,
          size: 2048,
        },
      ],
    });
    await user.click(screen.getByRole("button", { name: "Attach a resource" }));
    const dialog = await screen.findByRole("dialog");
    await user.click(await within(dialog).findByRole("button", { name: "Fill in" }));
    await user.click(within(dialog).getByRole("button", { name: "Attach Item" }));
    expect(within(dialog).getByText("Fill in id.")).toBeInTheDocument();
    const id = within(dialog).getByRole("combobox", { name: "id" });
    await user.type(id, "4");
    await waitFor(() =>
      expect(within(dialog).getByTestId("suggestions-id").querySelectorAll("option")).toHaveLength(2),
    );
    expect(asked.at(-1)).toMatchObject({
      ref: { type: "ref/resource", uri: "demo://items/{id}" },
      argument: { name: "id" },
    });
    await user.type(id, "2");
    await user.click(within(dialog).getByRole("button", { name: "Attach Item" }));
    const chip = await screen.findByTestId("attachment-chip");
    expect(chip).toHaveTextContent("Item (42) · Docs · image/png, 2 KB");
    await user.click(within(chip).getByRole("button", { name: "Remove Item (42)" }));
    expect(screen.queryByTestId("attachment-chip")).toBeNull();
  });

  test("a resource that cannot be read says why and stays open", async () => {
    const { user } = renderChat({
      "mcp.readResource": () => {
        throw apiError("TOOL_ERROR", "Docs answered: Resource not found");
      },
    });
    await user.click(screen.getByRole("button", { name: "Attach a resource" }));
    await user.click(await screen.findByRole("button", { name: "Attach guide.md" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Docs answered: Resource not found");
    expect(screen.getByRole("dialog")).toBeInTheDocument();
  });
});

describe("the / menu", () => {
  test("lists the connectors' prompts with their connector; arrows and Enter pick one; its form fills the composer", async () => {
    const got: unknown[] = [];
    const { user, message } = renderChat({
      "mcp.getPrompt": (input) => {
        got.push(input);
        return { messages: [{ role: "user", text: "What's the weather in Paris?" }], attachments: [guide] };
      },
      "mcp.complete": () => ["Paris", "Pau"],
    });
    await waitFor(() => expect(message()).toBeEnabled());
    await user.type(message(), "/");
    const list = await screen.findByRole("listbox", { name: "Prompts" });
    const options = within(list).getAllByRole("option");
    expect(options.map((o) => o.textContent)).toEqual(["/Weather · DocsWeather in a city", "/summary · Wiki"]);
    expect(screen.getByText("Unavailable now: Gone")).toBeInTheDocument();
    expect(message()).toHaveAttribute("aria-controls", list.id);
    expect(message()).toHaveAttribute("aria-activedescendant", options[0]!.id);
    await user.keyboard("{ArrowDown}");
    expect(message()).toHaveAttribute("aria-activedescendant", options[1]!.id);
    expect(options[1]).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{ArrowDown}");
    expect(options[0]).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{Enter}");

    const panel = await screen.findByTestId("prompt-panel");
    expect(screen.queryByRole("listbox")).toBeNull();
    expect(message()).toHaveValue("");
    await user.click(within(panel).getByRole("button", { name: "Use prompt" }));
    expect(within(panel).getByText("Fill in city.")).toBeInTheDocument();
    await user.type(within(panel).getByRole("combobox", { name: "city" }), "Paris");
    await user.click(within(panel).getByRole("button", { name: "Use prompt" }));
    await waitFor(() => expect(message()).toHaveValue("What's the weather in Paris?"));
    expect(got).toEqual([{ connectorId: "conn_docs", name: "args-prompt", args: { city: "Paris" } }]);
    expect(screen.queryByTestId("prompt-panel")).toBeNull();
    expect(screen.getByTestId("attachment-chip")).toHaveTextContent("guide.md · Docs");
  });

  test("filters as you type, closes on Escape, and says when nothing matches", async () => {
    const { user, message } = renderChat();
    await waitFor(() => expect(message()).toBeEnabled());
    await user.type(message(), "/wik");
    const list = await screen.findByRole("listbox", { name: "Prompts" });
    await waitFor(() => expect(within(list).getAllByRole("option")).toHaveLength(1));
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("slash-menu")).toBeNull();
    expect(message()).toHaveValue("/wik");
    await user.type(message(), "zzz");
    expect(await screen.findByText("No prompt matches.")).toBeInTheDocument();
    // Enter with nothing to pick sends nothing and keeps the text.
    fireEvent.keyDown(message(), { key: "ArrowDown" });
    await user.clear(message());
    expect(screen.queryByTestId("slash-menu")).toBeNull();
  });

  test("a click picks a prompt; a failing prompt shows the server's answer", async () => {
    const { user, message } = renderChat({
      "mcp.getPrompt": () => {
        throw apiError("TOOL_ERROR", "Wiki answered: Prompt summary not found");
      },
    });
    await waitFor(() => expect(message()).toBeEnabled());
    await user.type(message(), "/");
    await user.click(await screen.findByRole("option", { name: /summary/ }));
    const panel = await screen.findByTestId("prompt-panel");
    await user.click(within(panel).getByRole("button", { name: "Use prompt" }));
    expect(await within(panel).findByRole("alert")).toHaveTextContent("Wiki answered: Prompt summary not found");
    await user.click(within(panel).getByRole("button", { name: "Close" }));
    expect(screen.queryByTestId("prompt-panel")).toBeNull();
  });
});
