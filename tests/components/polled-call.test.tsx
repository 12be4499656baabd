// @vitest-environment happy-dom
// Calls that run without the chat's stream (an approved call, a direct run): their card
// shows the progress the chat polls, and the chat's Stop button stops them.
import "../support/components/setup";
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, test, vi } from "vitest";
import { ChatView, type ChatMessage } from "@/components/chat/chat-view";
import type { ToolCallOutcome, ToolProgress } from "@/lib/schemas/agent";
import { scriptFetch } from "../support/components/browser";
import type { Handlers } from "../support/components/fake-api";
import { buildAvailableTool, buildConnector, buildOutcome } from "../support/components/builders";
import { renderWithApi } from "../support/components/render";
import { textAnswer, uiStreamResponse } from "../support/components/ui-stream";

const CHAT_ID = "chat_polled";
const exportTool = buildAvailableTool({
  selection: { kind: "connector", connectorId: "conn_arch", toolName: "slow_export" },
  name: "archive__slow_export",
  label: "Archive › Export slowly",
  description: "Exports the archive.",
  inputSchema: { type: "object", properties: {} },
});
const archive = () =>
  buildConnector({ id: "conn_arch", name: "Archive", tools: [{ name: "slow_export", description: "Exports" }] });

function deferred<T>() {
  let resolve: (v: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function renderChat(opts: { configured: boolean; handlers: Handlers; initialMessages?: ChatMessage[] }) {
  return renderWithApi(
    <ChatView chatId={CHAT_ID} initialMessages={opts.initialMessages ?? []} onActivity={vi.fn()} />,
    {
      "agent.status": () =>
        opts.configured
          ? { configured: true, model: "fake-model", endpoint: null }
          : { configured: false, model: null, endpoint: null },
      "agent.availableTools": () => [exportTool],
      "connectors.list": () => [archive()],
      "tools.list": () => [],
      "agent.stop": () => ({ stopped: true }),
      "agent.questions": () => [],
      ...opts.handlers,
    },
  );
}

const pending = buildOutcome({
  ok: false,
  tool: "slow_export",
  label: "Archive › Export slowly",
  text: "Waiting for the user's approval.",
  errorCode: "APPROVAL_PENDING",
  source: { kind: "connector", connectorId: "conn_arch", connectorName: "Archive" },
  approval: { status: "pending" },
});
const waiting: ChatMessage[] = [
  { id: "u1", role: "user", parts: [{ type: "text", text: "Export the archive" }] },
  {
    id: "a1",
    role: "assistant",
    parts: [
      {
        type: "dynamic-tool",
        toolName: "archive__slow_export",
        toolCallId: "call_export",
        state: "output-available",
        input: {},
        output: pending,
      },
    ],
  },
];

describe("an approved call", () => {
  test("shows the polled progress on its card while it runs; Stop stops it and the turn does not go on", async () => {
    const net = scriptFetch({ "POST /api/agent/chat": () => uiStreamResponse(textAnswer("Went on anyway.")) });
    const decision = deferred<ToolCallOutcome>();
    let report: ToolProgress = { toolCallId: "call_export", progress: 3, total: 10, message: "Exported 3 of 10" };
    const { user, api } = renderChat({
      configured: true,
      initialMessages: waiting,
      handlers: {
        "agent.decideApproval": () => decision.promise,
        // Another call's report is not this card's.
        "agent.callProgress": () => [report, { toolCallId: "call_other", progress: 99 }],
      },
    });
    const card = await screen.findByRole("group", { name: "Allow Export slowly?" });
    expect(screen.getByRole("button", { name: "Send" })).toBeInTheDocument();
    await user.click(within(card).getByRole("button", { name: "Allow once" }));

    expect(await within(card).findByText("Exported 3 of 10 (3 of 10)")).toBeInTheDocument();
    expect(within(card).getByRole("progressbar", { name: "Tool progress" })).toHaveAttribute("aria-valuenow", "30");
    expect(card).not.toHaveTextContent("99");
    report = { ...report, progress: 7, message: "Exported 7 of 10" };
    expect(await within(card).findByText("Exported 7 of 10 (7 of 10)", {}, { timeout: 3_000 })).toBeInTheDocument();

    // No answer streams, yet the call runs: Stop is offered, and reaches the server.
    await user.click(screen.getByRole("button", { name: "Stop" }));
    await waitFor(() => expect(api.inputsOf("agent.stop")).toEqual([{ conversationId: CHAT_ID }]));
    decision.resolve(
      buildOutcome({
        ...pending,
        text: "Stopped by the user.",
        errorCode: "CANCELLED",
        durationMs: 1200,
        approval: { status: "allowed", scope: "once" },
      }),
    );

    const stopped = await screen.findByTestId("tool-card");
    expect(stopped).toHaveAttribute("data-status", "failed");
    expect(within(stopped).getByTestId("tool-result")).toHaveTextContent("Stopped by the user.");
    expect(screen.queryByTestId("tool-progress")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Send" })).toBeInTheDocument();
    // Stop ends the answer: the stopped call is not sent back to the model.
    await new Promise((r) => setTimeout(r, 50));
    expect(net.calls).toHaveLength(0);
  });
});

describe("a direct run", () => {
  test("shows the polled progress in its panel, and Stop stops it", async () => {
    const run = deferred<{ outcome: ToolCallOutcome; messages: [] }>();
    const { user, api } = renderChat({
      configured: false,
      handlers: {
        "agent.runTool": () => run.promise,
        "agent.callProgress": () => [{ toolCallId: "direct-1", progress: 40, message: "Exported 40 pages" }],
      },
    });
    await waitFor(() => expect(screen.getByTestId("model-line")).toHaveTextContent("No model is configured"));
    await user.click(screen.getByRole("button", { name: "Apps" }));
    const item = within(await screen.findByRole("listitem", { name: "Archive" }));
    await user.click(item.getByRole("button", { name: "Tools of Archive" }));
    await user.click(item.getByRole("button", { name: /slow_export|Export slowly/ }));
    const panel = within(screen.getByTestId("direct-run"));
    await user.click(panel.getByRole("button", { name: "Run tool" }));

    // Without a total the count alone shows, without a bar.
    expect(await panel.findByText("Exported 40 pages (40)")).toBeInTheDocument();
    expect(panel.queryByRole("progressbar")).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Stop" }));
    await waitFor(() => expect(api.inputsOf("agent.stop")).toEqual([{ conversationId: CHAT_ID }]));
    run.resolve({
      outcome: buildOutcome({ ok: false, text: "Stopped by the user.", errorCode: "CANCELLED" }),
      messages: [],
    });
    await waitFor(() => expect(screen.queryByTestId("direct-run")).not.toBeInTheDocument());
    expect(screen.queryByRole("button", { name: "Stop" })).not.toBeInTheDocument();
  });
});

test("a question left open in a stopped answer shows as cancelled, not as a form to fill", () => {
  renderChat({
    configured: true,
    handlers: {},
    initialMessages: [
      {
        id: "a1",
        role: "assistant",
        parts: [
          {
            type: "data-elicitation",
            id: "elicitation-el_1",
            data: {
              id: "el_1",
              connectorName: "Archive",
              message: "Which year?",
              mode: "form",
              fields: [],
              expiresAt: "2030-01-01T00:00:00.000Z",
              status: "pending",
            },
          },
        ],
      },
    ],
  });
  const question = screen.getByRole("region", { name: "Archive asks" });
  expect(question).toHaveAttribute("data-status", "cancelled");
  expect(within(question).getByRole("status")).toHaveTextContent("Cancelled.");
  expect(within(question).queryByRole("button")).not.toBeInTheDocument();
});
