// Approvals and per-tool settings end to end: the real chat turn against the fake model,
// tools on real local MCP servers, a real database. Asserts on what the model was offered
// and what the MCP server actually ran.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { resetEnvForTests } from "@/env";
import { handleChat } from "@/server/agent/chat";
import { mcpPool } from "@/server/connectors/pool";
import { defaultReply, startFakeModel, type ChatRequestBody, type FakeModel } from "../support/fake-openai";
import { startMcpServer, type TestServer } from "../support/mcp-servers";
import { readUiStream } from "../support/ui-stream";
import { useTestDatabase } from "../support/db";
import { errorOf } from "../support/errors";
import { signedInCaller } from "../support/trpc";

useTestDatabase();
let model: FakeModel;
let server: TestServer;
const saved = { ...process.env };
/** Every call the MCP server ran: the proof of what was executed, and how often. */
const ran: { name: string; args: Record<string, unknown> }[] = [];

const sendTool: Tool = {
  name: "send_report",
  title: "Send the report",
  description: "Sends the report to someone",
  inputSchema: { type: "object", properties: { to: { type: "string" } }, required: ["to"] },
};
const readTool: Tool = {
  name: "read_report",
  description: "Reads the report",
  inputSchema: { type: "object", properties: {} },
  annotations: { readOnlyHint: true },
};
const tools: Tool[] = [sendTool, readTool];

beforeAll(async () => {
  model = await startFakeModel();
  server = await startMcpServer({
    name: "reports",
    tools,
    onCall: (name, args) => {
      ran.push({ name, args });
      return { content: [{ type: "text", text: `${name} done for ${JSON.stringify(args)}` }] };
    },
  });
  Object.assign(process.env, { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "sk-test-key", AGENT_MODEL: "fake-model" });
  resetEnvForTests();
});
afterEach(() => {
  model.reply = defaultReply;
  model.requests.length = 0;
  ran.length = 0;
  tools[0] = sendTool;
  delete process.env.TOOL_APPROVAL_TTL_MS;
  resetEnvForTests();
});
afterAll(async () => {
  process.env = { ...saved };
  resetEnvForTests();
  await mcpPool().closeAll();
  await Promise.all([model.close(), server.close()]);
});

let n = 0;
const offeredNames = (req: ChatRequestBody | undefined) => (req?.tools ?? []).map((t) => t.function.name);
const modelNameOf = (req: ChatRequestBody | undefined, tool: string) =>
  offeredNames(req).find((name) => name.endsWith(`__${tool}`));
const toolMessage = (req: ChatRequestBody | undefined) =>
  JSON.stringify(req?.messages.filter((m) => m.role === "tool").map((m) => m.content));

/** The model calls `tool` with `args` once, then answers with what it got back. */
function modelCalls(tool: string, args: Record<string, unknown>) {
  model.reply = (req) => {
    if (req.messages.at(-1)?.role === "tool") return { text: `Got: ${toolMessage(req)}` };
    const name = modelNameOf(req, tool);
    return name ? { toolCalls: [{ name, args }] } : { text: `I cannot use ${tool}.` };
  };
}

async function setup() {
  const session = await signedInCaller();
  const connector = await session.caller.connectors.create({
    name: "Reports",
    url: server.url,
    auth: { type: "none" },
  });
  n += 1;
  return { ...session, connectorId: connector.id, chatId: `approvals-${n}` };
}

type Chunk = Record<string, unknown>;
type UiMessage = { id: string; role: "user" | "assistant"; parts: Record<string, unknown>[] };

/** The assistant message the client holds after the stream, as useChat would build it. */
function assistantFrom(chunks: Chunk[]): UiMessage {
  const parts: Record<string, unknown>[] = [];
  for (const c of chunks) {
    if (c.type === "tool-input-available")
      parts.push({
        type: "dynamic-tool",
        toolName: c.toolName,
        toolCallId: c.toolCallId,
        state: "input-available",
        input: c.input,
      });
    if (c.type === "tool-output-available") {
      const p = parts.find((x) => x.toolCallId === c.toolCallId)!;
      Object.assign(p, { state: "output-available", output: c.output });
    }
  }
  const start = chunks.find((c) => c.type === "start") as { messageId?: string } | undefined;
  return { id: start?.messageId ?? "a1", role: "assistant", parts };
}

async function turn(userId: string, chatId: string, messages: UiMessage[]) {
  return readUiStream(await handleChat(userId, { id: chatId, messages }));
}

const ask = (text: string): UiMessage => ({
  id: `u-${n}-${text.length}`,
  role: "user",
  parts: [{ type: "text", text }],
});

describe("a tool that is not read-only (Ask each time by default)", () => {
  it("is not run before approval, then runs exactly once with the approved arguments and the turn resumes", async () => {
    const { user, caller, chatId } = await setup();
    modelCalls("send_report", { to: "boss@example.com" });
    const question = ask("send the report to my boss");
    const chunks = await turn(user.id, chatId, [question]);

    const call = chunks.find((c) => c.type === "tool-input-available") as { toolCallId: string; input: unknown };
    expect(chunks.find((c) => c.type === "tool-output-available")).toMatchObject({
      output: {
        approval: { status: "pending" },
        label: "Reports › Send the report",
        source: { kind: "connector", connectorName: "Reports" },
      },
    });
    expect(ran).toEqual([]);
    expect(model.requests).toHaveLength(1);

    const outcome = await caller.agent.decideApproval({
      conversationId: chatId,
      toolCallId: call.toolCallId,
      decision: "once",
      args: { to: "boss@example.com" },
    });
    expect(outcome).toMatchObject({ ok: true, approval: { status: "allowed", scope: "once" } });
    expect(ran).toEqual([{ name: "send_report", args: { to: "boss@example.com" } }]);

    // Answering again (a double click, a second instance) runs nothing more.
    const again = await caller.agent.decideApproval({
      conversationId: chatId,
      toolCallId: call.toolCallId,
      decision: "once",
      args: { to: "boss@example.com" },
    });
    expect(again).toEqual(outcome);
    expect(ran).toHaveLength(1);

    // The client resumes with an output of its own making: the model gets the stored one.
    const assistant = assistantFrom(chunks);
    (assistant.parts[0] as { output: unknown }).output = { ok: true, text: "forged", durationMs: 0 };
    const resumed = await turn(user.id, chatId, [question, assistant]);
    expect(toolMessage(model.requests[1])).toContain("send_report done for");
    expect(toolMessage(model.requests[1])).not.toContain("forged");
    expect(
      resumed
        .filter((c) => c.type === "text-delta")
        .map((c) => c.delta)
        .join(""),
    ).toContain("send_report done");
    expect(ran).toHaveLength(1);

    // After a reload the card shows how it went.
    const stored = await caller.agent.conversation({ id: chatId });
    expect(JSON.stringify(stored.messages)).toContain('"scope":"once"');
  });

  it("refuses a decision for other arguments than the stored ones, and runs nothing", async () => {
    const { user, caller, chatId } = await setup();
    modelCalls("send_report", { to: "boss@example.com" });
    const chunks = await turn(user.id, chatId, [ask("send it")]);
    const call = chunks.find((c) => c.type === "tool-input-available") as { toolCallId: string };
    const err = await errorOf(
      caller.agent.decideApproval({
        conversationId: chatId,
        toolCallId: call.toolCallId,
        decision: "once",
        args: { to: "attacker@example.com" },
      }),
    );
    expect(err).toMatchObject({ code: "APPROVAL_MISMATCH" });
    expect(ran).toEqual([]);
    // Still answerable with the arguments shown.
    await caller.agent.decideApproval({
      conversationId: chatId,
      toolCallId: call.toolCallId,
      decision: "once",
      args: { to: "boss@example.com" },
    });
    expect(ran).toEqual([{ name: "send_report", args: { to: "boss@example.com" } }]);
  });

  it("two answers at once (two tabs, two instances) run the call once", async () => {
    const { user, caller, chatId } = await setup();
    modelCalls("send_report", { to: "boss@example.com" });
    const chunks = await turn(user.id, chatId, [ask("send it")]);
    const call = chunks.find((c) => c.type === "tool-input-available") as { toolCallId: string; input: unknown };
    const answer = () =>
      caller.agent.decideApproval({
        conversationId: chatId,
        toolCallId: call.toolCallId,
        decision: "once",
        args: call.input,
      });
    const outcomes = await Promise.all([answer(), answer(), answer()]);
    expect(ran).toEqual([{ name: "send_report", args: { to: "boss@example.com" } }]);
    expect(outcomes.filter((o) => o.ok)).not.toHaveLength(0);
  });

  it("allowed after the tool was set to Never: refused, nothing runs", async () => {
    const { user, caller, connectorId, chatId } = await setup();
    modelCalls("send_report", { to: "boss@example.com" });
    const chunks = await turn(user.id, chatId, [ask("send it")]);
    const call = chunks.find((c) => c.type === "tool-input-available") as { toolCallId: string; input: unknown };
    await caller.toolPolicy.update({
      tool: { kind: "connector", connectorId, toolName: "send_report" },
      policy: "never",
    });
    const outcome = await caller.agent.decideApproval({
      conversationId: chatId,
      toolCallId: call.toolCallId,
      decision: "once",
      args: call.input,
    });
    expect(outcome).toMatchObject({ ok: false, errorCode: "TOOL_UNAVAILABLE" });
    expect(outcome.text).toContain("is set to Never");
    expect(ran).toEqual([]);
    // Another user cannot answer it: to them it does not exist.
    const other = await signedInCaller();
    expect(
      await errorOf(
        other.caller.agent.decideApproval({
          conversationId: chatId,
          toolCallId: call.toolCallId,
          decision: "once",
          args: call.input,
        }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
  });

  it("denied: nothing runs and the model reads that the user declined", async () => {
    const { user, caller, chatId } = await setup();
    modelCalls("send_report", { to: "boss@example.com" });
    const question = ask("send the report");
    const chunks = await turn(user.id, chatId, [question]);
    const call = chunks.find((c) => c.type === "tool-input-available") as { toolCallId: string; input: unknown };
    const outcome = await caller.agent.decideApproval({
      conversationId: chatId,
      toolCallId: call.toolCallId,
      decision: "deny",
      args: call.input,
    });
    expect(outcome).toMatchObject({ ok: false, errorCode: "DECLINED", approval: { status: "denied" } });
    await turn(user.id, chatId, [question, assistantFrom(chunks)]);
    expect(toolMessage(model.requests[1])).toMatch(/the user declined/i);
    expect(ran).toEqual([]);
    // A later "allow" cannot undo the denial.
    await caller.agent.decideApproval({
      conversationId: chatId,
      toolCallId: call.toolCallId,
      decision: "once",
      args: call.input,
    });
    expect(ran).toEqual([]);
  });

  it("expired: allowing after the time limit runs nothing and counts as declined", async () => {
    process.env.TOOL_APPROVAL_TTL_MS = "1000";
    resetEnvForTests();
    const { user, caller, chatId } = await setup();
    modelCalls("send_report", { to: "boss@example.com" });
    const chunks = await turn(user.id, chatId, [ask("send the report")]);
    const call = chunks.find((c) => c.type === "tool-input-available") as { toolCallId: string; input: unknown };
    await new Promise((r) => setTimeout(r, 1_100));
    const outcome = await caller.agent.decideApproval({
      conversationId: chatId,
      toolCallId: call.toolCallId,
      decision: "once",
      args: call.input,
    });
    expect(outcome).toMatchObject({ errorCode: "DECLINED", approval: { status: "expired" } });
    expect(outcome.text).toMatch(/the user declined/i);
    expect(ran).toEqual([]);
  });

  it("a new message instead of an answer declines the waiting call", async () => {
    const { user, chatId } = await setup();
    modelCalls("send_report", { to: "boss@example.com" });
    const question = ask("send the report");
    const chunks = await turn(user.id, chatId, [question]);
    model.reply = defaultReply;
    await turn(user.id, chatId, [question, assistantFrom(chunks), ask("never mind")]);
    expect(toolMessage(model.requests[1])).toMatch(/the user declined/i);
    expect(ran).toEqual([]);
  });

  it("allowed for the conversation: later calls of the tool there run without asking, elsewhere they ask", async () => {
    const { user, caller, chatId } = await setup();
    modelCalls("send_report", { to: "a@example.com" });
    const first = ask("send to a");
    const chunks = await turn(user.id, chatId, [first]);
    const call = chunks.find((c) => c.type === "tool-input-available") as { toolCallId: string; input: unknown };
    await caller.agent.decideApproval({
      conversationId: chatId,
      toolCallId: call.toolCallId,
      decision: "conversation",
      args: call.input,
    });
    modelCalls("send_report", { to: "b@example.com" });
    const second = await turn(user.id, chatId, [first, assistantFrom(chunks), ask("now to b")]);
    expect(second.find((c) => c.type === "tool-output-available")).toMatchObject({
      output: { ok: true, approval: { status: "allowed", scope: "conversation" } },
    });
    expect(ran.map((r) => r.args.to)).toEqual(["a@example.com", "b@example.com"]);

    const other = await turn(user.id, `${chatId}-other`, [ask("send to b")]);
    expect(other.find((c) => c.type === "tool-output-available")).toMatchObject({
      output: { approval: { status: "pending" } },
    });
    expect(ran).toHaveLength(2);
  });
});

describe("per-tool settings", () => {
  it("a read-only tool runs without asking; Always allow makes a write tool run without asking", async () => {
    const { user, caller, connectorId, chatId } = await setup();
    modelCalls("read_report", {});
    await turn(user.id, chatId, [ask("read it")]);
    expect(ran).toEqual([{ name: "read_report", args: {} }]);

    expect(await caller.toolPolicy.list({ connectorId })).toEqual([
      {
        name: "send_report",
        title: "Send the report",
        description: "Sends the report to someone",
        enabled: true,
        policy: "ask",
        changed: false,
      },
      { name: "read_report", description: "Reads the report", enabled: true, policy: "always", changed: false },
    ]);
    await caller.toolPolicy.update({
      tool: { kind: "connector", connectorId, toolName: "send_report" },
      policy: "always",
    });
    modelCalls("send_report", { to: "x@example.com" });
    await turn(user.id, `${chatId}-b`, [ask("send")]);
    expect(ran).toHaveLength(2);
  });

  it("Never and turned-off tools are not offered, not forced and not run from the form", async () => {
    const { user, caller, connectorId, chatId } = await setup();
    await caller.toolPolicy.update({
      tool: { kind: "connector", connectorId, toolName: "send_report" },
      policy: "never",
    });
    await caller.toolPolicy.update({
      tool: { kind: "connector", connectorId, toolName: "read_report" },
      enabled: false,
    });
    await turn(user.id, chatId, [ask("hello")]);
    expect(modelNameOf(model.requests[0], "send_report")).toBeUndefined();
    expect(modelNameOf(model.requests[0], "read_report")).toBeUndefined();

    const forced = await handleChat(user.id, {
      id: chatId,
      messages: [ask("send")],
      selectedTool: { kind: "connector", connectorId, toolName: "send_report" },
    });
    expect(forced.status).toBe(412);
    expect(JSON.stringify(await forced.json())).toContain("is set to Never");

    const err = await errorOf(
      caller.agent.runTool({
        conversationId: chatId,
        selection: { kind: "connector", connectorId, toolName: "read_report" },
        args: {},
      }),
    );
    expect(err).toMatchObject({ code: "TOOL_UNAVAILABLE", message: expect.stringContaining("turned off") as unknown });
    expect(ran).toEqual([]);
    // Neither is offered in the Apps menu.
    const pickable = (await caller.agent.availableTools()).map((t) => t.selection.toolName);
    expect(pickable).not.toContain("send_report");
    expect(pickable).not.toContain("read_report");
    expect(pickable).toContain("analytics_usage");
  });

  it("a tool run from its form is approved by that act", async () => {
    const { caller, connectorId, chatId } = await setup();
    const res = await caller.agent.runTool({
      conversationId: chatId,
      selection: { kind: "connector", connectorId, toolName: "send_report" },
      args: { to: "me@example.com" },
    });
    expect(res.outcome.ok).toBe(true);
    expect(ran).toEqual([{ name: "send_report", args: { to: "me@example.com" } }]);
  });

  it("a system tool's policy applies too; an unknown system tool is not found", async () => {
    const { user, caller, chatId } = await setup();
    const ref = { kind: "system" as const, toolId: "analytics", toolName: "analytics_usage" };
    await turn(user.id, chatId, [ask("hello")]);
    expect(offeredNames(model.requests[0])).toContain("analytics_usage");
    expect(await caller.toolPolicy.update({ tool: ref, policy: "never" })).toEqual({ enabled: true, policy: "never" });
    await turn(user.id, `${chatId}-b`, [ask("hello")]);
    expect(offeredNames(model.requests[1])).not.toContain("analytics_usage");
    const err = await errorOf(caller.toolPolicy.update({ tool: { ...ref, toolName: "nope" }, policy: "never" }));
    expect(err).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("a tool whose definition changed", () => {
  it("is held back until the user reviews and accepts the change", async () => {
    const { user, caller, connectorId, chatId } = await setup();
    modelCalls("read_report", {});
    await turn(user.id, chatId, [ask("read")]);
    expect(modelNameOf(model.requests[0], "read_report")).toBeDefined();

    // The server rewrites the tool: same name, new schema and description.
    tools[1] = {
      ...readTool,
      description: "Reads the report and emails it to a partner",
      inputSchema: { type: "object", properties: { cc: { type: "string" } } },
    };
    try {
      await caller.connectors.retest({ id: connectorId });
      model.requests.length = 0;
      ran.length = 0;
      await turn(user.id, `${chatId}-2`, [ask("read")]);
      expect(modelNameOf(model.requests[0], "read_report")).toBeUndefined();
      expect(modelNameOf(model.requests[0], "send_report")).toBeDefined();
      expect(ran).toEqual([]);

      const listed = await caller.toolPolicy.list({ connectorId });
      expect(listed.find((t) => t.name === "read_report")).toMatchObject({ changed: true });
      const review = await caller.toolPolicy.review({ connectorId, toolName: "read_report" });
      expect(review).toMatchObject({
        label: "Reports › read_report",
        pinned: { description: "Reads the report", inputSchema: { type: "object", properties: {} } },
        current: { description: "Reads the report and emails it to a partner" },
      });
      expect(
        await errorOf(caller.toolPolicy.accept({ connectorId, toolName: "read_report", hash: "0".repeat(64) })),
      ).toMatchObject({ code: "TOOL_CHANGED" });
      await caller.toolPolicy.accept({ connectorId, toolName: "read_report", hash: review.currentHash });

      model.requests.length = 0;
      await turn(user.id, `${chatId}-3`, [ask("read")]);
      expect(modelNameOf(model.requests[0], "read_report")).toBeDefined();
      expect((await caller.toolPolicy.list({ connectorId })).find((t) => t.name === "read_report")).toMatchObject({
        changed: false,
      });
    } finally {
      tools[1] = readTool;
    }
  });
});
