// @vitest-environment happy-dom
import "../support/components/setup";
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, test, vi } from "vitest";
import { ChatView, type ChatMessage } from "@/components/chat/chat-view";
import type { ToolSelection } from "@/lib/tool-selection";
import { scriptFetch, type FetchCall } from "../support/components/browser";
import { apiError, type Handlers } from "../support/components/fake-api";
import { buildAvailableTool, buildConnector, buildOutcome } from "../support/components/builders";
import { renderWithApi } from "../support/components/render";
import { controlledUiStream, textAnswer, uiStreamResponse, type UiChunk } from "../support/components/ui-stream";

const CHAT_ID = "chat_1";
const lookup = buildAvailableTool();
const LOOKUP: ToolSelection = { kind: "connector", connectorId: "conn_dict", toolName: "lookup" };
const sendEmail = buildAvailableTool({
  selection: { kind: "system", toolId: "gmail", toolName: "send_message" },
  name: "gmail_send_message",
  label: "Gmail › send_message",
  description: "Send an email.",
  requiresConfirmation: true,
});
const dictionary = () =>
  buildConnector({ id: "conn_dict", name: "Dictionary", tools: [{ name: "lookup", description: "Look a word up" }] });

type ChatBody = { id: string; messages: ChatMessage[]; selectedTool: ToolSelection | null };
const bodyOf = (c: FetchCall) => JSON.parse(c.body) as ChatBody;

function renderChat(opts: { configured?: boolean; handlers?: Handlers; initialMessages?: ChatMessage[] } = {}) {
  const onActivity = vi.fn();
  const configured = opts.configured ?? true;
  const r = renderWithApi(
    <ChatView chatId={CHAT_ID} initialMessages={opts.initialMessages ?? []} onActivity={onActivity} />,
    {
      "agent.status": () =>
        configured
          ? { configured: true, model: "fake-model", endpoint: "127.0.0.1:11434" }
          : { configured: false, model: null, endpoint: null },
      "agent.availableTools": () => [lookup, sendEmail],
      "connectors.list": () => [dictionary()],
      "tools.list": () => [],
      "agent.stop": () => ({ stopped: true }),
      "agent.questions": () => [],
      "agent.callProgress": () => [],
      ...opts.handlers,
    },
  );
  const message = () => screen.getByRole("textbox", { name: "Message" });
  return { ...r, onActivity, message };
}

async function pickLookup(user: ReturnType<typeof renderChat>["user"]) {
  await user.click(screen.getByRole("button", { name: "Apps" }));
  const dict = within(await screen.findByRole("listitem", { name: "Dictionary" }));
  await user.click(dict.getByRole("button", { name: "Tools of Dictionary" }));
  await user.click(dict.getByRole("button", { name: /lookup/ }));
}

describe("with a model", () => {
  test("answers are rendered Markdown: lists, and links that open safely", async () => {
    scriptFetch({
      "POST /api/agent/chat": () =>
        uiStreamResponse(
          textAnswer("Two options:\n\n- **tea**\n- coffee\n\nSee [the menu](https://cafe.example.com)."),
        ),
    });
    const { user, message } = renderChat();
    await waitFor(() => expect(message()).toBeEnabled());
    await user.type(message(), "What to drink?{Enter}");
    const answer = await screen.findByTestId("msg-assistant");
    expect(await within(answer).findAllByRole("listitem")).toHaveLength(2);
    expect(within(answer).getByText("tea").tagName).toBe("STRONG");
    const link = within(answer).getByRole("link", { name: /the menu/ });
    expect(link).toHaveAttribute("href", "https://cafe.example.com");
    expect(link).toHaveAttribute("rel", "noopener noreferrer");
    // What the user typed stays as typed.
    expect(screen.getByTestId("msg-user")).toHaveTextContent("What to drink?");
  });

  test("names the model and invites a message", async () => {
    const { message } = renderChat();
    expect(screen.getByTestId("model-line")).toHaveTextContent("Checking the model…");
    await waitFor(() => expect(screen.getByTestId("model-line")).toHaveTextContent(/^Model: fake-model$/));
    // Where the model runs is not every user's business.
    expect(screen.getByTestId("model-line")).not.toHaveTextContent("127.0.0.1");
    expect(screen.getByText("Ask anything. Pick a tool in Apps to make the agent use it.")).toBeInTheDocument();
    expect(message()).toBeEnabled();
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
  });

  test("Enter sends the message; the answer appears as it streams", async () => {
    const answer = controlledUiStream();
    const net = scriptFetch({ "POST /api/agent/chat": () => answer.response() });
    const { user, message, onActivity } = renderChat();
    await waitFor(() => expect(message()).toBeEnabled());

    await user.type(message(), "Define hello{Enter}");

    expect(message()).toHaveValue("");
    expect(await screen.findByText("Thinking…")).toBeInTheDocument();
    expect(screen.getByTestId("msg-user")).toHaveTextContent("Define hello");
    expect(screen.getByRole("button", { name: "Stop" })).toBeInTheDocument();
    const [sent] = net.calls.map(bodyOf);
    expect(sent).toMatchObject({
      id: CHAT_ID,
      selectedTool: null,
      messages: [{ role: "user", parts: [{ type: "text", text: "Define hello" }] }],
    });

    answer.push({ type: "start" }, { type: "text-start", id: "t" }, { type: "text-delta", id: "t", delta: "A greet" });
    await waitFor(() => expect(screen.getByTestId("msg-assistant")).toHaveTextContent("A greet"));
    expect(screen.queryByText("Thinking…")).not.toBeInTheDocument();
    expect(onActivity).not.toHaveBeenCalled();

    answer.push({ type: "text-delta", id: "t", delta: "ing." }, { type: "text-end", id: "t" }, { type: "finish" });
    answer.end();
    await waitFor(() => expect(onActivity).toHaveBeenCalledTimes(1));
    expect(screen.getByTestId("msg-assistant")).toHaveTextContent("A greeting.");
    expect(screen.getByRole("button", { name: "Send" })).toBeInTheDocument();
  });

  test("Shift+Enter starts a new line instead of sending", async () => {
    const net = scriptFetch({});
    const { user, message } = renderChat();
    await waitFor(() => expect(message()).toBeEnabled());
    await user.type(message(), "line one{Shift>}{Enter}{/Shift}line two");
    expect(message()).toHaveValue("line one\nline two");
    expect(net.calls).toEqual([]);
  });

  test("a tool picked in Apps goes with the next message only", async () => {
    const net = scriptFetch({ "POST /api/agent/chat": () => uiStreamResponse(textAnswer("Done.")) });
    const { user, message } = renderChat();
    await waitFor(() => expect(message()).toBeEnabled());
    await pickLookup(user);

    expect(screen.getByTestId("selected-tool")).toHaveTextContent("Tool: Dictionary › lookup");
    await user.type(message(), "hello{Enter}");

    await waitFor(() => expect(screen.getByTestId("msg-assistant")).toHaveTextContent("Done."));
    expect(bodyOf(net.calls[0]!).selectedTool).toEqual(LOOKUP);
    expect(screen.queryByTestId("selected-tool")).not.toBeInTheDocument();
    expect(screen.getByTestId("msg-user")).toHaveTextContent("Tool: Dictionary › lookup");

    await user.type(message(), "again{Enter}");
    await waitFor(() => expect(net.calls).toHaveLength(2));
    expect(bodyOf(net.calls[1]!).selectedTool).toBeNull();
  });

  test("the picked tool can be cleared", async () => {
    const { user, message } = renderChat();
    await waitFor(() => expect(message()).toBeEnabled());
    await pickLookup(user);
    await user.click(screen.getByRole("button", { name: "Clear the selected tool" }));
    expect(screen.queryByTestId("selected-tool")).not.toBeInTheDocument();
  });

  test("tool calls show as cards, and unavailable connectors as notices", async () => {
    const outcome = buildOutcome({ text: "lookup: a greeting" });
    const chunks: UiChunk[] = [
      { type: "start" },
      {
        type: "data-notice",
        data: {
          kind: "connector_unavailable",
          connectorId: "c2",
          name: "Slow",
          code: "TIMEOUT",
          message: "It did not answer.",
        },
      },
      { type: "tool-input-available", toolCallId: "call_1", toolName: "dictionary__lookup", input: { word: "hello" } },
      { type: "tool-output-available", toolCallId: "call_1", output: outcome },
      ...textAnswer("Hello is a greeting.", "t2").slice(1),
    ];
    scriptFetch({ "POST /api/agent/chat": () => uiStreamResponse(chunks) });
    const { user, message } = renderChat();
    await waitFor(() => expect(message()).toBeEnabled());
    await user.type(message(), "Define hello{Enter}");

    const card = await screen.findByTestId("tool-card");
    expect(within(card).getByTestId("tool-label")).toHaveTextContent("Dictionary › lookup");
    expect(card).toHaveTextContent("42 ms");
    expect(within(card).getByTestId("tool-result")).toHaveTextContent("lookup: a greeting");
    expect(screen.getByRole("status")).toHaveTextContent(
      "Slow is unavailable (TIMEOUT): It did not answer. Its tools were left out of this answer.",
    );
    expect(screen.getByTestId("msg-assistant")).toHaveTextContent("Hello is a greeting.");
  });

  test("a failed request shows the server's message and can be retried", async () => {
    let failing = true;
    const net = scriptFetch({
      "POST /api/agent/chat": () =>
        failing
          ? Response.json(
              { error: { code: "INTERNAL", message: "The model endpoint could not be reached. Retry in a moment." } },
              { status: 502 },
            )
          : uiStreamResponse(textAnswer("Back again.")),
    });
    const { user, message } = renderChat();
    await waitFor(() => expect(message()).toBeEnabled());
    await user.type(message(), "hello{Enter}");

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The model endpoint could not be reached. Retry in a moment.");
    expect(alert).not.toHaveTextContent("{");

    failing = false;
    await user.click(within(alert).getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(screen.getByTestId("msg-assistant")).toHaveTextContent("Back again."));
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(net.calls).toHaveLength(2);
  });

  test("Retry sends the picked tool again", async () => {
    let failing = true;
    const net = scriptFetch({
      "POST /api/agent/chat": () =>
        failing
          ? Response.json({ error: { code: "INTERNAL", message: "The model failed to answer." } }, { status: 502 })
          : uiStreamResponse(textAnswer("Looked it up.")),
    });
    const { user, message } = renderChat();
    await waitFor(() => expect(message()).toBeEnabled());
    await pickLookup(user);
    await user.type(message(), "hello{Enter}");
    const alert = await screen.findByRole("alert");
    failing = false;
    await user.click(within(alert).getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(screen.getByTestId("msg-assistant")).toHaveTextContent("Looked it up."));
    expect(bodyOf(net.calls[1]!).selectedTool).toEqual(LOOKUP);
  });

  test("a tool whose connector is being retried says so on its card", async () => {
    const answer = controlledUiStream();
    scriptFetch({ "POST /api/agent/chat": () => answer.response() });
    const { user, message } = renderChat();
    await waitFor(() => expect(message()).toBeEnabled());
    await user.type(message(), "Define hello{Enter}");
    answer.push(
      { type: "start" },
      { type: "start-step" },
      { type: "tool-input-available", toolCallId: "call_1", toolName: "dictionary__lookup", input: { word: "hi" } },
      {
        type: "data-toolStatus",
        id: "call_1",
        data: {
          toolCallId: "call_1",
          state: "retrying",
          message: "Dictionary did not connect (TIMEOUT); trying again in 3 s.",
        },
      },
    );
    const card = await screen.findByTestId("tool-card");
    await waitFor(() =>
      expect(within(card).getByTestId("tool-note")).toHaveTextContent(
        "Dictionary did not connect (TIMEOUT); trying again in 3 s.",
      ),
    );
    answer.push({ type: "tool-output-available", toolCallId: "call_1", output: buildOutcome({ text: "a greeting" }) });
    await waitFor(() => expect(card).toHaveAttribute("data-status", "ok"));
    expect(within(card).queryByTestId("tool-note")).not.toBeInTheDocument();
    answer.end();
  });

  test("an error inside the stream is shown as it is", async () => {
    scriptFetch({
      "POST /api/agent/chat": () =>
        uiStreamResponse([{ type: "start" }, { type: "error", errorText: "The model failed to answer." }]),
    });
    const { user, message } = renderChat();
    await waitFor(() => expect(message()).toBeEnabled());
    await user.type(message(), "hello{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("The model failed to answer.");
  });

  test("Stop ends an answer that is still streaming", async () => {
    const answer = controlledUiStream();
    scriptFetch({ "POST /api/agent/chat": () => answer.response() });
    const { user, message, api } = renderChat();
    await waitFor(() => expect(message()).toBeEnabled());
    await user.type(message(), "hello{Enter}");
    answer.push({ type: "start" }, { type: "text-start", id: "t" }, { type: "text-delta", id: "t", delta: "Part" });
    await waitFor(() => expect(screen.getByTestId("msg-assistant")).toHaveTextContent("Part"));

    await user.click(screen.getByRole("button", { name: "Stop" }));

    expect(await screen.findByRole("button", { name: "Send" })).toBeInTheDocument();
    expect(screen.getByTestId("msg-assistant")).toHaveTextContent("Part");
    // The turn may run on another instance: the Stop is also recorded for it.
    await waitFor(() => expect(api.inputsOf("agent.stop")).toEqual([{ conversationId: CHAT_ID }]));
  });
});

describe("tool calls that need approval", () => {
  const pending = buildOutcome({
    ok: false,
    tool: "gmail_send_message",
    label: "Gmail › Send an email",
    text: "Waiting for the user's approval.",
    errorCode: "APPROVAL_PENDING",
    source: { kind: "system", toolId: "gmail", toolName: "gmail_send_message" },
    approval: { status: "pending" },
  });
  const args = { to: "bob@example.com", subject: "Lunch", body: "Noon?" };
  const proposal: UiChunk[] = [
    { type: "start" },
    { type: "start-step" },
    { type: "tool-input-available", toolCallId: "call_mail", toolName: "gmail_send_message", input: args },
    { type: "tool-output-available", toolCallId: "call_mail", output: pending },
    { type: "finish-step" },
    { type: "finish" },
  ];

  function proposeThenAnswer() {
    let n = 0;
    return scriptFetch({
      "POST /api/agent/chat": () => uiStreamResponse((n += 1) === 1 ? proposal : textAnswer("All done.")),
    });
  }

  async function cardAfterAsking(r: ReturnType<typeof renderChat>) {
    await waitFor(() => expect(r.message()).toBeEnabled());
    await r.user.type(r.message(), "Email Bob about lunch{Enter}");
    return screen.findByRole("group", { name: "Allow Send an email?" });
  }

  test("shows the tool, where it comes from and the exact arguments; nothing is sent until the user answers", async () => {
    const net = proposeThenAnswer();
    const r = renderChat();
    const card = await cardAfterAsking(r);
    expect(card).toHaveTextContent("Built-in tool");
    expect(within(card).getByTestId("approval-args").textContent).toBe(JSON.stringify(args, null, 2));
    expect(within(card).getByTestId("approval-args")).toHaveAttribute("tabindex", "0");
    for (const name of ["Allow once", "Allow for this conversation", "Deny"])
      expect(within(card).getByRole("button", { name })).toBeEnabled();
    // The turn waits: no automatic resend while a call is pending.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(net.calls).toHaveLength(1);
    expect(r.api.inputsOf("agent.decideApproval")).toEqual([]);
  });

  test("Allow once sends the decision with the arguments shown, then the turn resumes with the outcome", async () => {
    const net = proposeThenAnswer();
    const sent = buildOutcome({
      tool: "gmail_send_message",
      label: "Gmail › Send an email",
      text: "Sent to bob@example.com",
      source: { kind: "system", toolId: "gmail", toolName: "gmail_send_message" },
      approval: { status: "allowed", scope: "once" },
    });
    const r = renderChat({ handlers: { "agent.decideApproval": () => sent } });
    const card = await cardAfterAsking(r);
    await r.user.click(within(card).getByRole("button", { name: "Allow once" }));

    await waitFor(() => expect(screen.getAllByTestId("msg-assistant").at(-1)).toHaveTextContent("All done."));
    expect(r.api.inputsOf("agent.decideApproval")).toEqual([
      { conversationId: CHAT_ID, toolCallId: "call_mail", decision: "once", args },
    ]);
    expect(screen.queryByTestId("approval-card")).not.toBeInTheDocument();
    expect(screen.getByTestId("tool-result")).toHaveTextContent("Sent to bob@example.com");
    expect(screen.getByTestId("approval-note")).toHaveTextContent("Allowed once");
    const followUp = bodyOf(net.calls[1]!).messages.at(-1);
    expect(followUp?.parts).toContainEqual(
      expect.objectContaining({ toolCallId: "call_mail", state: "output-available", output: sent }),
    );
  });

  test("Deny records the refusal and shows it on the call", async () => {
    const net = proposeThenAnswer();
    const denied = buildOutcome({
      ...pending,
      text: "The user declined this tool call; it was not run.",
      errorCode: "DECLINED",
      approval: { status: "denied" },
    });
    const r = renderChat({ handlers: { "agent.decideApproval": () => denied } });
    const card = await cardAfterAsking(r);
    await r.user.click(within(card).getByRole("button", { name: "Deny" }));

    await waitFor(() => expect(net.calls).toHaveLength(2));
    expect(r.api.inputsOf("agent.decideApproval")).toEqual([
      { conversationId: CHAT_ID, toolCallId: "call_mail", decision: "deny", args },
    ]);
    expect(await screen.findByTestId("approval-note")).toHaveTextContent("You denied this call");
    expect(screen.getByTestId("tool-card")).toHaveAttribute("data-status", "declined");
  });

  test("a refused decision is shown on the card, which stays answerable", async () => {
    proposeThenAnswer();
    const r = renderChat({
      handlers: {
        "agent.decideApproval": () => {
          throw apiError("APPROVAL_MISMATCH", "These are not the arguments the agent asked to use.");
        },
      },
    });
    const card = await cardAfterAsking(r);
    await r.user.click(within(card).getByRole("button", { name: "Allow for this conversation" }));
    expect(await within(card).findByRole("alert")).toHaveTextContent("These are not the arguments");
    expect(within(card).getByRole("button", { name: "Allow once" })).toBeEnabled();
  });

  test("after a reload, a decided call shows its outcome and a pending one its card", () => {
    const decided: ChatMessage = {
      id: "a1",
      role: "assistant",
      parts: [
        {
          type: "dynamic-tool",
          toolName: "gmail_send_message",
          toolCallId: "c1",
          state: "output-available",
          input: args,
          output: buildOutcome({ ...pending, ok: false, errorCode: "DECLINED", approval: { status: "expired" } }),
        },
        {
          type: "dynamic-tool",
          toolName: "gmail_send_message",
          toolCallId: "c2",
          state: "output-available",
          input: args,
          output: pending,
        },
      ],
    };
    renderChat({ initialMessages: [decided] });
    expect(screen.getByTestId("approval-note")).toHaveTextContent("expired");
    expect(screen.getByTestId("approval-card")).toBeInTheDocument();
  });
});

describe("without a model", () => {
  test("says so and keeps the composer off", async () => {
    const { message } = renderChat({ configured: false });
    await waitFor(() =>
      expect(screen.getByTestId("model-line")).toHaveTextContent(
        "No model is configured: choose a tool in Apps to run it directly.",
      ),
    );
    expect(screen.getByText("No model is configured, so the agent cannot answer yet.")).toBeInTheDocument();
    expect(message()).toBeDisabled();
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
  });

  test("a picked tool runs from its form and its result joins the conversation", async () => {
    const outcome = buildOutcome({ text: 'lookup: {"word":"quokka"}' });
    const { user, api, onActivity } = renderChat({
      configured: false,
      handlers: {
        "agent.runTool": (input) => ({
          outcome,
          messages: [
            { id: "m1", role: "user", parts: [{ type: "text", text: "Run lookup" }] },
            {
              id: "m2",
              role: "assistant",
              parts: [
                {
                  type: "dynamic-tool",
                  toolName: "lookup",
                  toolCallId: "direct-1",
                  state: "output-available",
                  input: input.args,
                  output: outcome,
                },
              ],
            },
          ],
        }),
      },
    });
    await waitFor(() => expect(screen.getByTestId("model-line")).toHaveTextContent("No model is configured"));
    await pickLookup(user);

    const panel = within(screen.getByTestId("direct-run"));
    expect(panel.getByText("Run Dictionary › lookup")).toBeInTheDocument();
    expect(panel.getByText("Look a word up.")).toBeInTheDocument();
    await user.type(panel.getByRole("textbox", { name: /^word/ }), "quokka");
    await user.click(panel.getByRole("button", { name: "Run tool" }));

    expect(await screen.findByTestId("tool-result")).toHaveTextContent('lookup: {"word":"quokka"}');
    expect(api.inputsOf("agent.runTool")).toEqual([
      { conversationId: CHAT_ID, selection: LOOKUP, args: { word: "quokka" } },
    ]);
    expect(screen.getByTestId("msg-user")).toHaveTextContent("Run lookup");
    expect(screen.queryByTestId("direct-run")).not.toBeInTheDocument();
    expect(onActivity).toHaveBeenCalledTimes(1);
  });

  test("a question the server asks during a direct run is answered in the run's card", async () => {
    const outcome = buildOutcome({ text: "lookup: thanks" });
    let answered: (() => void) | null = null;
    const done = new Promise<void>((resolve) => (answered = resolve));
    const question = {
      id: "el_9",
      connectorName: "Dictionary",
      message: "Which language?",
      mode: "form" as const,
      fields: [
        {
          name: "lang",
          title: "Language",
          required: true,
          kind: "select",
          options: [
            { value: "en", label: "English" },
            { value: "fr", label: "French" },
          ],
          default: "fr",
        },
      ],
      expiresAt: "2030-01-01T00:00:00.000Z",
      status: "pending" as const,
    };
    const { user, api } = renderChat({
      configured: false,
      handlers: {
        "agent.questions": () => (answered ? [question] : []),
        "agent.answerQuestion": () => {
          const finish = answered;
          answered = null;
          finish?.();
          return { ...question, status: "accepted" as const };
        },
        "agent.runTool": async () => {
          await done;
          return { outcome, messages: [] };
        },
      },
    });
    await waitFor(() => expect(screen.getByTestId("model-line")).toHaveTextContent("No model is configured"));
    await pickLookup(user);
    const panel = within(screen.getByTestId("direct-run"));
    await user.type(panel.getByRole("textbox", { name: /^word/ }), "bonjour");
    await user.click(panel.getByRole("button", { name: "Run tool" }));

    const form = await panel.findByRole("form", { name: "Dictionary asks" }, { timeout: 3_000 });
    expect(within(form).getByLabelText("Language *")).toHaveValue("fr");
    await user.click(within(form).getByRole("button", { name: "Submit" }));
    await waitFor(() => expect(screen.queryByTestId("direct-run")).not.toBeInTheDocument());
    expect(api.inputsOf("agent.answerQuestion")).toEqual([{ id: "el_9", action: "accept", content: { lang: "fr" } }]);
  });

  test("a tool that cannot run says why and keeps its form", async () => {
    const { user } = renderChat({
      configured: false,
      handlers: {
        "agent.runTool": () => {
          throw apiError("TOOL_UNAVAILABLE", "Dictionary is disabled.");
        },
      },
    });
    await waitFor(() => expect(screen.getByTestId("model-line")).toHaveTextContent("No model is configured"));
    await pickLookup(user);
    const panel = within(screen.getByTestId("direct-run"));
    await user.type(panel.getByRole("textbox", { name: /^word/ }), "quokka");
    await user.click(panel.getByRole("button", { name: "Run tool" }));

    expect(await panel.findByRole("alert")).toHaveTextContent("Dictionary is disabled.");
    await user.click(panel.getByRole("button", { name: "Close" }));
    expect(screen.queryByTestId("direct-run")).not.toBeInTheDocument();
  });
});

test("a saved turn that ended in an error shows its error, and a failing connector that it comes back", () => {
  renderChat({
    initialMessages: [
      { id: "u1", role: "user", parts: [{ type: "text", text: "hi" }] },
      {
        id: "a1",
        role: "assistant",
        parts: [
          {
            type: "data-notice",
            data: {
              kind: "connector_unavailable",
              connectorId: "c1",
              name: "Docs",
              code: "CONNECTOR_FAILING",
              message: "It stopped answering. Its tools come back by themselves once it answers.",
            },
          },
        ],
        metadata: { error: "The model endpoint answered HTTP 500. Check the model settings, then retry." },
      },
    ],
  });
  expect(screen.getByTestId("turn-error")).toHaveTextContent(
    "This answer stopped with an error: The model endpoint answered HTTP 500. Check the model settings, then retry.",
  );
  expect(screen.getByRole("status")).toHaveTextContent(
    "Docs is unavailable: It stopped answering. Its tools come back by themselves once it answers.",
  );
});

test("a saved conversation is shown as it was", async () => {
  renderChat({
    initialMessages: [
      { id: "u1", role: "user", parts: [{ type: "text", text: "Define hello" }], metadata: { selectedTool: LOOKUP } },
      { id: "a1", role: "assistant", parts: [{ type: "text", text: "A greeting." }] },
    ],
  });
  expect(screen.getByTestId("msg-user")).toHaveTextContent("Define hello");
  expect(screen.getByTestId("msg-assistant")).toHaveTextContent("A greeting.");
  expect(screen.queryByText(/Ask anything/)).not.toBeInTheDocument();
  await waitFor(() => expect(screen.getByTestId("msg-user")).toHaveTextContent("Tool: Dictionary › lookup"));
});
