// Calls that run outside the chat's stream: an approved call (agent.decideApproval) and a
// direct run (agent.runTool). Their cards poll the server's latest progress
// (agent.callProgress) and the chat's Stop cancels them on the server, as in a streamed
// turn. A real local MCP server that reports progress and honours cancellation, the fake
// model, a real database.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { resetEnvForTests } from "@/env";
import type { ToolCallOutcome, ToolProgress } from "@/lib/schemas/agent";
import { handleChat } from "@/server/agent/chat";
import { mcpPool } from "@/server/connectors/pool";
import { useTestDatabase } from "../support/db";
import { startFakeModel, type FakeModel } from "../support/fake-openai";
import type { ToolCall } from "../support/mcp-servers";
import { startStatefulMcpServer, type StatefulServer } from "../support/mcp-sessions";
import { signedInCaller } from "../support/trpc";
import { readUiStream } from "../support/ui-stream";

useTestDatabase();
const saved = { ...process.env };
let model: FakeModel;
let server: StatefulServer;
/** Why the server's calls were cancelled: the reason carried by notifications/cancelled. */
const cancels: string[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const text = (t: string): CallToolResult => ({ content: [{ type: "text", text: t }] });

// Not read-only, so the agent asks before running it.
const slow: Tool = {
  name: "slow_export",
  title: "Export slowly",
  inputSchema: { type: "object", properties: { steps: { type: "number" }, everyMs: { type: "number" } } },
};

/** Reports `steps` steps of progress, one every `everyMs`, unless the client cancels first. */
async function slowExport(args: Record<string, unknown>, call: ToolCall): Promise<CallToolResult> {
  const steps = Number(args.steps ?? 1000);
  const everyMs = Number(args.everyMs ?? 50);
  call.signal.addEventListener("abort", () => cancels.push(String(call.signal.reason)), { once: true });
  for (let i = 1; i <= steps; i++) {
    if (call.signal.aborted) return text("cancelled");
    await call.notify({
      method: "notifications/progress",
      params: { progressToken: call.progressToken!, progress: i, total: steps, message: `Exported ${i} of ${steps}` },
    });
    await sleep(everyMs);
  }
  return text(`exported ${steps} pages`);
}

beforeAll(async () => {
  model = await startFakeModel();
  server = await startStatefulMcpServer({ tools: [slow], onCall: (_name, args, call) => slowExport(args, call) });
  Object.assign(process.env, {
    OPENAI_BASE_URL: model.url,
    OPENAI_API_KEY: "sk-test-key",
    AGENT_MODEL: "fake-model",
    RELAY_POLL_MS: "50",
  });
  resetEnvForTests();
});
afterEach(async () => {
  cancels.length = 0;
  await mcpPool().closeAll();
});
afterAll(async () => {
  process.env = { ...saved };
  resetEnvForTests();
  await Promise.all([model.close(), server.close()]);
});

let n = 0;
async function setup() {
  const session = await signedInCaller();
  const connector = await session.caller.connectors.create({
    name: "Archive",
    url: server.url,
    auth: { type: "none" },
  });
  n += 1;
  return { ...session, connectorId: connector.id, chatId: `polled-${n}` };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/** A chat turn in which the model calls the slow tool, which waits for approval: its call id. */
async function pendingCall(s: Setup, args: Record<string, unknown>): Promise<string> {
  model.reply = (req) => {
    if (req.messages.at(-1)?.role === "tool") return { text: "Done." };
    const name = req.tools?.map((t) => t.function.name).find((x) => x.endsWith("__slow_export"));
    return name ? { toolCalls: [{ name, args }] } : { text: "No tool." };
  };
  const chunks = await readUiStream(
    await handleChat(s.user.id, {
      id: s.chatId,
      messages: [{ id: `u-${s.chatId}`, role: "user", parts: [{ type: "text", text: "export the archive" }] }],
    }),
  );
  const output = chunks.find((c) => c.type === "tool-output-available") as { toolCallId: string; output: unknown };
  expect(output.output).toMatchObject({ approval: { status: "pending" } });
  return output.toolCallId;
}

/** Polls agent.callProgress the way the card does, until `until` holds. */
async function pollProgress(s: Setup, until: (reports: ToolProgress[]) => boolean): Promise<ToolProgress[]> {
  for (let i = 0; i < 200; i++) {
    const reports = await s.caller.agent.callProgress({ conversationId: s.chatId });
    if (until(reports)) return reports;
    await sleep(25);
  }
  throw new Error("the progress never showed");
}

describe("an approved call", () => {
  it("shows its server's progress and message through the poll while it runs, and nothing once it ended", async () => {
    const s = await setup();
    const toolCallId = await pendingCall(s, { steps: 12, everyMs: 80 });
    const running = s.caller.agent.decideApproval({
      conversationId: s.chatId,
      toolCallId,
      decision: "once",
      args: { steps: 12, everyMs: 80 },
    });
    const [first] = await pollProgress(s, (r) => r.length > 0 && r[0]!.progress >= 2);
    expect(first).toMatchObject({ toolCallId, total: 12 });
    expect(first!.message).toMatch(/^Exported \d+ of 12$/);
    const later = await pollProgress(s, (r) => (r[0]?.progress ?? 0) > first!.progress);
    expect(later).toHaveLength(1);

    expect(await running).toMatchObject({ ok: true, text: "exported 12 pages", approval: { status: "allowed" } });
    expect(await s.caller.agent.callProgress({ conversationId: s.chatId })).toEqual([]);
  });

  it("sees a flood of progress as a few updates a second, the latest last", async () => {
    const s = await setup();
    const args = { steps: 300, everyMs: 5 };
    const toolCallId = await pendingCall(s, args);
    const running = s.caller.agent.decideApproval({ conversationId: s.chatId, toolCallId, decision: "once", args });
    const seen = new Set<number>();
    const started = Date.now();
    let done = false;
    void running.finally(() => (done = true));
    while (!done) {
      for (const r of await s.caller.agent.callProgress({ conversationId: s.chatId })) seen.add(r.progress);
      await sleep(10);
    }
    const seconds = (Date.now() - started) / 1000;
    expect(await running).toMatchObject({ ok: true });
    expect(seen.size).toBeGreaterThan(1);
    // At most four writes a second (plus the first): what the poll can see.
    expect(seen.size).toBeLessThanOrEqual(Math.ceil(seconds * 4) + 1);
  });

  it("is cancelled on its server by the chat's Stop, and only by its owner's", async () => {
    const s = await setup();
    const other = await signedInCaller();
    const toolCallId = await pendingCall(s, {});
    const running = s.caller.agent.decideApproval({ conversationId: s.chatId, toolCallId, decision: "once", args: {} });
    await pollProgress(s, (r) => r.length > 0);

    // Another user names the same conversation: they see nothing and stop nothing.
    expect(await other.caller.agent.callProgress({ conversationId: s.chatId })).toEqual([]);
    await other.caller.agent.stop({ conversationId: s.chatId });
    await sleep(300);
    expect(await Promise.race([running.then(() => "ended"), sleep(50).then(() => "running")])).toBe("running");
    expect(cancels).toEqual([]);

    await s.caller.agent.stop({ conversationId: s.chatId });
    const outcome: ToolCallOutcome = await running;
    expect(outcome).toMatchObject({
      ok: false,
      errorCode: "CANCELLED",
      text: "Stopped by the user.",
      approval: { status: "allowed", scope: "once" },
    });
    // The server heard notifications/cancelled, with the user's reason.
    await expect.poll(() => cancels).toEqual([expect.stringContaining("Stopped by the user.")]);
    expect(await s.caller.agent.callProgress({ conversationId: s.chatId })).toEqual([]);
    // Reloading the conversation shows the stopped call, not one still running.
    const saved = await s.caller.agent.conversation({ id: s.chatId });
    expect(JSON.stringify(saved.messages)).toContain("Stopped by the user.");
  });
});

describe("a direct run", () => {
  it("shows its progress through the poll and is cancelled on its server by the chat's Stop", async () => {
    const s = await setup();
    const running = s.caller.agent.runTool({
      conversationId: s.chatId,
      selection: { kind: "connector", connectorId: s.connectorId, toolName: "slow_export" },
      args: {},
    });
    const [report] = await pollProgress(s, (r) => r.length > 0);
    expect(report).toMatchObject({ total: 1000 });
    expect(report!.message).toMatch(/^Exported \d+ of 1000$/);
    expect(await (await signedInCaller()).caller.agent.callProgress({ conversationId: s.chatId })).toEqual([]);

    await s.caller.agent.stop({ conversationId: s.chatId });
    const { outcome, messages } = await running;
    expect(outcome).toMatchObject({ ok: false, errorCode: "CANCELLED", text: "Stopped by the user." });
    await expect.poll(() => cancels).toEqual([expect.stringContaining("Stopped by the user.")]);
    // The card that showed the progress is the call's card in the conversation.
    expect(JSON.stringify(messages)).toContain(report!.toolCallId);
    expect(await s.caller.agent.callProgress({ conversationId: s.chatId })).toEqual([]);
  });

  it("a Stop pressed before the run started does not cancel it", async () => {
    const s = await setup();
    await s.caller.agent.stop({ conversationId: s.chatId });
    await sleep(20);
    const { outcome } = await s.caller.agent.runTool({
      conversationId: s.chatId,
      selection: { kind: "connector", connectorId: s.connectorId, toolName: "slow_export" },
      args: { steps: 3, everyMs: 20 },
    });
    expect(outcome).toMatchObject({ ok: true, text: "exported 3 pages" });
    expect(cancels).toEqual([]);
  });
});
