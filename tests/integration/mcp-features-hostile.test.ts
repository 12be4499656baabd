// Servers that misuse what MCP offers: a question whose form is not one the spec allows or
// whose page is not a web page, images too large, structured results that contradict the
// tool's own output schema, floods of progress, silence. And the deadlines around them:
// progress extends a call up to a maximum, the user's time to answer does not count, an
// unanswered question is cancelled, and Stop (from any instance) cancels the call on the server.
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import type { ToolCallOutcome } from "@/lib/schemas/agent";
import type { ElicitationView } from "@/lib/schemas/elicitation";
import { handleChat } from "@/server/agent/chat";
import { mcpPool } from "@/server/connectors/pool";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { useTestDatabase } from "../support/db";
import { errorOf } from "../support/errors";
import { startFakeModel, type FakeModel } from "../support/fake-openai";
import type { TestServer, ToolCall } from "../support/mcp-servers";
import { startStatefulMcpServer } from "../support/mcp-sessions";
import { signedInCaller } from "../support/trpc";
import { readUiStream } from "../support/ui-stream";

useTestDatabase();
const saved = { ...process.env };
const servers: TestServer[] = [];
let model: FakeModel | null = null;

function configure(vars: Record<string, string>) {
  process.env = { ...saved, RELAY_POLL_MS: "50", ...vars };
  resetEnvForTests();
}
beforeEach(() => configure({}));
afterEach(async () => {
  await mcpPool().closeAll();
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await model?.close();
  model = null;
});
afterAll(() => {
  process.env = { ...saved };
  resetEnvForTests();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tool = (name: string, extra: Partial<Tool> = {}): Tool => ({
  name,
  inputSchema: { type: "object", properties: {} },
  ...extra,
});

let n = 0;
async function withServer(
  tools: Tool[],
  onCall: (name: string, args: Record<string, unknown>, call: ToolCall) => Promise<CallToolResult> | CallToolResult,
) {
  const server = await startStatefulMcpServer({ tools, onCall });
  servers.push(server);
  const session = await signedInCaller();
  const c = await session.caller.connectors.create({ name: "Hostile", url: server.url, auth: { type: "none" } });
  // The user lets these tools run without asking: the chat turns below are about what
  // happens while a call runs, not about approving it (tests/integration/approvals.test.ts).
  for (const t of tools)
    await session.caller.toolPolicy.update({
      tool: { kind: "connector", connectorId: c.id, toolName: t.name },
      policy: "always",
    });
  n += 1;
  const conversationId = `hostile-${n}`;
  const run = (toolName: string) =>
    session.caller.agent
      .runTool({ conversationId, selection: { kind: "connector", connectorId: c.id, toolName }, args: {} })
      .then((r) => r.outcome);
  const question = async (): Promise<ElicitationView> => {
    for (let i = 0; i < 200; i++) {
      const [q] = await session.caller.agent.questions({ conversationId });
      if (q) return q as ElicitationView;
      await sleep(25);
    }
    throw new Error("no question arrived");
  };
  return { ...session, connectorId: c.id, conversationId, run, question };
}

const text = (t: string): CallToolResult => ({ content: [{ type: "text", text: t }] });

async function ask(call: ToolCall, params: Record<string, unknown>): Promise<CallToolResult> {
  try {
    return text(JSON.stringify(await call.server.elicitInput(params as never)));
  } catch (err) {
    return text(`refused: ${(err as Error).message}`);
  }
}

describe("questions a server may not ask", () => {
  it("a form outside the spec's schema (nested objects) is refused to the server and never shown", async () => {
    const s = await withServer([tool("ask")], (_n, _a, call) =>
      ask(call, {
        message: "Tell me everything",
        requestedSchema: { type: "object", properties: { address: { type: "object", properties: {} } } },
      }),
    );
    const outcome = await s.run("ask");
    expect(outcome.text).toMatch(/^refused: MCP error/);
    expect(await s.caller.agent.questions({ conversationId: s.conversationId })).toEqual([]);
  });

  it("a form whose required field is not defined, or with more fields than allowed, is refused", async () => {
    const s = await withServer([tool("ask")], (_n, _a, call) =>
      ask(call, {
        message: "?",
        requestedSchema: { type: "object", properties: { a: { type: "string" } }, required: ["b"] },
      }),
    );
    expect((await s.run("ask")).text).toMatch(/requires “b”, which it does not define/);
    const wide = await withServer([tool("ask")], (_n, _a, call) =>
      ask(call, {
        message: "?",
        requestedSchema: {
          type: "object",
          properties: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`f${i}`, { type: "string" }])),
        },
      }),
    );
    expect((await wide.run("ask")).text).toMatch(/more than 30 fields/);
  });

  it("a URL question for anything but a web page (javascript:) is refused", async () => {
    const s = await withServer([tool("ask")], (_n, _a, call) =>
      ask(call, { mode: "url", message: "Click", url: "javascript:alert(1)", elicitationId: "e1" }),
    );
    expect((await s.run("ask")).text).toMatch(/refused: .*only http\(s\) addresses/);
  });
});

describe("answers", () => {
  const form = {
    message: "Pick",
    requestedSchema: {
      type: "object",
      properties: { size: { type: "string", enum: ["S", "M"], default: "M" }, count: { type: "integer", minimum: 1 } },
      required: ["count"],
    },
  };

  it("are checked against the form; another user cannot answer; a late answer is refused", async () => {
    configure({ ELICITATION_TIMEOUT_MS: "1000" });
    const s = await withServer([tool("ask")], (_n, _a, call) => ask(call, form));
    const outcome = s.run("ask");
    const q = await s.question();
    const other = await signedInCaller();
    expect((await errorOf(other.caller.agent.answerQuestion({ id: q.id, action: "decline" }))).code).toBe("NOT_FOUND");
    const bad = await errorOf(s.caller.agent.answerQuestion({ id: q.id, action: "accept", content: { count: 0 } }));
    expect(bad.code).toBe("VALIDATION");
    expect(bad.details).toEqual({ fields: { count: "Enter 1 or more" } });
    const extra = await errorOf(
      s.caller.agent.answerQuestion({ id: q.id, action: "accept", content: { count: 2, admin: true } }),
    );
    expect(extra.details).toEqual({ fields: { admin: "This form has no such field" } });
    // Nobody answers in time: the server hears "cancel".
    expect(JSON.parse((await outcome).text)).toEqual({ action: "cancel" });
    const late = await errorOf(s.caller.agent.answerQuestion({ id: q.id, action: "accept", content: { count: 2 } }));
    expect(late.code).toBe("ELICITATION_CLOSED");
  });

  it("the user's time to answer does not count against the call's deadline", async () => {
    configure({ TOOL_CALL_TIMEOUT_MS: "300", TOOL_CALL_MAX_MS: "300" });
    const s = await withServer([tool("ask")], (_n, _a, call) => ask(call, form));
    const outcome = s.run("ask");
    const q = await s.question();
    await sleep(700);
    await s.caller.agent.answerQuestion({ id: q.id, action: "accept", content: { count: 3 } });
    expect(JSON.parse((await outcome).text)).toEqual({ action: "accept", content: { count: 3, size: "M" } });
  });
});

describe("results that contradict the tool", () => {
  const outputSchema = {
    type: "object" as const,
    properties: { count: { type: "number" } },
    required: ["count"],
  };

  it("structured content not matching the output schema is shown with the mismatch, not hidden", async () => {
    const s = await withServer([tool("stats", { outputSchema }), tool("bare", { outputSchema })], (name) =>
      name === "stats"
        ? { content: [{ type: "text", text: "{}" }], structuredContent: { count: "many" } }
        : text("no structure"),
    );
    const stats = await s.run("stats");
    expect(stats.ok).toBe(true);
    expect(stats.structured).toEqual({ count: "many" });
    expect(stats.structuredError).toMatch(/does not match the tool's output schema: .*count must be number/);
    expect((await s.run("bare")).structuredError).toMatch(/returned no structured result/);
  });

  it("an image over the size cap is left out of the card and described to the model", async () => {
    const s = await withServer([tool("huge")], () => ({
      content: [{ type: "image", mimeType: "image/png", data: "A".repeat(2_000_000) }],
    }));
    const outcome = await s.run("huge");
    expect(outcome.images).toBeUndefined();
    expect(outcome.text).toMatch(/too large to show/);
  });
});

describe("progress and deadlines", () => {
  const reporting =
    (reports: number, everyMs: number) =>
    async (_n: string, _a: Record<string, unknown>, call: ToolCall): Promise<CallToolResult> => {
      for (let i = 1; i <= reports; i++) {
        await sleep(everyMs);
        await call.notify({
          method: "notifications/progress",
          params: { progressToken: call.progressToken!, progress: i, total: reports, message: `step ${i}` },
        });
      }
      await sleep(everyMs);
      return text("finished");
    };

  it("each progress report gives the call its timeout again, up to the maximum", async () => {
    configure({ TOOL_CALL_TIMEOUT_MS: "400", TOOL_CALL_MAX_MS: "5000" });
    const s = await withServer([tool("slow"), tool("silent")], (name, a, call) =>
      name === "slow" ? reporting(6, 150)(name, a, call) : sleep(1000).then(() => text("late")),
    );
    expect(await s.run("slow")).toMatchObject({ ok: true, text: "finished" });
    expect(await s.run("silent")).toMatchObject({ ok: false, errorCode: "TIMEOUT" });
    configure({ TOOL_CALL_TIMEOUT_MS: "400", TOOL_CALL_MAX_MS: "500" });
    expect(await s.run("slow")).toMatchObject({ ok: false, errorCode: "TIMEOUT" });
  });

  it("a flood of progress reaches the chat as a few updates, the latest last", async () => {
    model = await startFakeModel();
    configure({ OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "sk-test", AGENT_MODEL: "fake" });
    const s = await withServer([tool("flood")], (_n, _a, call) => {
      for (let i = 1; i <= 2000; i++)
        void call.notify({
          method: "notifications/progress",
          params: { progressToken: call.progressToken!, progress: i, total: 2000 },
        });
      // The result follows at once: the latest report must still reach the card before it.
      return Promise.resolve(text("flooded"));
    });
    const chunks = (await readUiStream(
      await handleChat(s.user.id, {
        id: s.conversationId,
        messages: [{ id: "u1", role: "user", parts: [{ type: "text", text: "go" }] }],
        selectedTool: { kind: "connector", connectorId: s.connectorId, toolName: "flood" },
      }),
    )) as { type: string; data?: { progress: number } }[];
    const progress = chunks.filter((c) => c.type === "data-progress").map((c) => c.data!.progress);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.length).toBeLessThan(20);
    expect(progress.at(-1)).toBe(2000);
  });
});

describe("Stop", () => {
  it("while a question waits, withdraws it: the chat shows it cancelled and the server hears the cancel", async () => {
    model = await startFakeModel();
    configure({ OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "sk-test", AGENT_MODEL: "fake" });
    let sawCancel: () => void = () => undefined;
    const cancelled = new Promise<void>((resolve) => (sawCancel = resolve));
    const s = await withServer([tool("ask")], (_n, _a, call) => {
      call.signal.addEventListener("abort", () => sawCancel(), { once: true });
      return ask(call, { message: "Sure?", requestedSchema: { type: "object", properties: {} } });
    });
    const turn = handleChat(s.user.id, {
      id: s.conversationId,
      messages: [{ id: "u1", role: "user", parts: [{ type: "text", text: "go" }] }],
      selectedTool: { kind: "connector", connectorId: s.connectorId, toolName: "ask" },
    }).then(readUiStream);
    await s.question();
    await s.caller.agent.stop({ conversationId: s.conversationId });
    await cancelled;
    const chunks = (await turn) as { type: string; data?: ElicitationView }[];
    // Also on PostgreSQL, where the withdrawal takes a few round trips after the abort.
    expect(chunks.filter((c) => c.type === "data-elicitation").map((c) => c.data!.status)).toEqual([
      "pending",
      "cancelled",
    ]);
    expect(await s.caller.agent.questions({ conversationId: s.conversationId })).toEqual([]);
  });

  it("recorded from any instance, it ends the turn and cancels the call on the server", async () => {
    model = await startFakeModel();
    configure({ OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "sk-test", AGENT_MODEL: "fake" });
    let sawCancel: () => void = () => undefined;
    const cancelled = new Promise<void>((resolve) => (sawCancel = resolve));
    const s = await withServer(
      [tool("forever")],
      (_n, _a, call) => new Promise(() => call.signal.addEventListener("abort", () => sawCancel(), { once: true })),
    );
    const turn = handleChat(s.user.id, {
      id: s.conversationId,
      messages: [{ id: "u1", role: "user", parts: [{ type: "text", text: "go" }] }],
      selectedTool: { kind: "connector", connectorId: s.connectorId, toolName: "forever" },
    }).then(readUiStream);
    await sleep(500);
    // Another user's Stop does not touch this conversation.
    await (await signedInCaller()).caller.agent.stop({ conversationId: s.conversationId });
    await sleep(200);
    expect(await Promise.race([turn.then(() => "ended"), sleep(100).then(() => "running")])).toBe("running");
    await s.caller.agent.stop({ conversationId: s.conversationId });
    await cancelled;
    const chunks = (await turn) as { type: string; output?: ToolCallOutcome }[];
    expect(chunks.some((c) => c.type === "abort" || c.output?.errorCode === "CANCELLED")).toBe(true);
  });
});
