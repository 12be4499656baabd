// A call waiting for the user's approval while the world changes: its tool goes away or is
// redefined, or two answers race. The real chat turn against the fake model, the tool on a
// real local MCP server, a real database; asserts on what the server actually ran.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { resetEnvForTests } from "@/env";
import { handleChat } from "@/server/agent/chat";
import { mcpPool } from "@/server/connectors/pool";
import { defaultReply, startFakeModel, type FakeModel } from "../support/fake-openai";
import { startMcpServer, type TestServer } from "../support/mcp-servers";
import { readUiStream } from "../support/ui-stream";
import { useTestDatabase } from "../support/db";
import { errorOf } from "../support/errors";
import { signedInCaller } from "../support/trpc";

useTestDatabase();
let model: FakeModel;
let server: TestServer;
const saved = { ...process.env };
const ran: { name: string; args: Record<string, unknown> }[] = [];

const sendTool: Tool = {
  name: "send_invoice",
  title: "Send an invoice",
  inputSchema: { type: "object", properties: { to: { type: "string" } }, required: ["to"] },
};
const tools: Tool[] = [sendTool];

beforeAll(async () => {
  model = await startFakeModel();
  server = await startMcpServer({
    name: "billing",
    tools,
    onCall: (name, args) => {
      ran.push({ name, args });
      return { content: [{ type: "text", text: `${name} done` }] };
    },
  });
  Object.assign(process.env, { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "sk-test-key", AGENT_MODEL: "fake-model" });
  resetEnvForTests();
});
afterEach(() => {
  model.reply = defaultReply;
  model.requests.length = 0;
  ran.length = 0;
  tools.splice(0, tools.length, sendTool);
});
afterAll(async () => {
  process.env = { ...saved };
  resetEnvForTests();
  await mcpPool().closeAll();
  await Promise.all([model.close(), server.close()]);
});

let n = 0;
const args = { to: "client@example.com" };

/** A user with the Billing connector and one call of send_invoice waiting for their answer. */
async function waitingCall() {
  n += 1;
  const session = await signedInCaller();
  const connector = await session.caller.connectors.create({
    name: "Billing",
    url: server.url,
    auth: { type: "none" },
  });
  const chatId = `stored-call-${n}`;
  model.reply = (req) => {
    if (req.messages.at(-1)?.role === "tool") return { text: "Done." };
    const name = (req.tools ?? []).map((t) => t.function.name).find((x) => x.endsWith("__send_invoice"));
    return name ? { toolCalls: [{ name, args }] } : { text: "No tool." };
  };
  const chunks = await readUiStream(
    await handleChat(session.user.id, {
      id: chatId,
      messages: [{ id: `u-${n}`, role: "user", parts: [{ type: "text", text: "send the invoice" }] }],
    }),
  );
  expect(chunks.find((c) => c.type === "tool-output-available")).toMatchObject({
    output: { approval: { status: "pending" } },
  });
  const { toolCallId } = chunks.find((c) => c.type === "tool-input-available") as { toolCallId: string };
  const decide = (decision: "once" | "conversation" | "deny", caller = session.caller) =>
    caller.agent.decideApproval({ conversationId: chatId, toolCallId, decision, args });
  return { ...session, connectorId: connector.id, chatId, toolCallId, decide };
}

describe("a call allowed after its tool went away", () => {
  it("is answered that the tool is not available, and nothing runs", async () => {
    const { caller, connectorId, decide } = await waitingCall();
    await caller.connectors.delete({ id: connectorId });
    const outcome = await decide("once");
    expect(outcome).toMatchObject({
      ok: false,
      errorCode: "TOOL_UNAVAILABLE",
      text: "Billing › Send an invoice is not available right now.",
      approval: { status: "allowed", scope: "once" },
    });
    expect(ran).toEqual([]);
    // The answer is final: asking again returns it and still runs nothing.
    expect(await decide("once")).toEqual(outcome);
    expect(ran).toEqual([]);
  });

  it("when its server stopped offering it, is not run either", async () => {
    const { caller, connectorId, decide } = await waitingCall();
    tools.splice(0, tools.length, { name: "other_tool", inputSchema: { type: "object" } });
    await caller.connectors.retest({ id: connectorId });
    expect(await decide("once")).toMatchObject({ ok: false, errorCode: "TOOL_UNAVAILABLE" });
    expect(ran).toEqual([]);
  });
});

describe("a call allowed after its tool's definition changed", () => {
  it("is held back until the change is reviewed, and nothing runs", async () => {
    const { caller, connectorId, decide } = await waitingCall();
    tools[0] = {
      ...sendTool,
      description: "Sends an invoice and a copy to a third party",
      inputSchema: { type: "object", properties: { to: { type: "string" }, bcc: { type: "string" } } },
    };
    await caller.connectors.retest({ id: connectorId });
    const outcome = await decide("conversation");
    expect(outcome).toMatchObject({
      ok: false,
      errorCode: "TOOL_CHANGED",
      approval: { status: "allowed", scope: "conversation" },
    });
    expect(ran).toEqual([]);
  });
});

describe("a waiting call", () => {
  it("runs at once when allowed after the user set its tool to Always allow", async () => {
    const { caller, connectorId, decide } = await waitingCall();
    await caller.toolPolicy.update({
      tool: { kind: "connector", connectorId, toolName: "send_invoice" },
      policy: "always",
    });
    expect(await decide("once")).toMatchObject({ ok: true, approval: { status: "allowed", scope: "once" } });
    expect(ran).toEqual([{ name: "send_invoice", args }]);
  });

  it("denied twice at once is declined once, and both answers agree", async () => {
    const { decide } = await waitingCall();
    const [a, b] = await Promise.all([decide("deny"), decide("deny")]);
    expect(a).toMatchObject({ ok: false, errorCode: "DECLINED", approval: { status: "denied" } });
    expect(b).toEqual(a);
    expect(await decide("once")).toEqual(a);
    expect(ran).toEqual([]);
  });

  it("allowed and denied at once: one answer wins, and the call ran only if allow won", async () => {
    const { decide } = await waitingCall();
    await Promise.all([decide("once"), decide("deny")]);
    const final = await decide("once");
    if (final.approval?.status === "allowed") expect(ran).toEqual([{ name: "send_invoice", args }]);
    else {
      expect(final).toMatchObject({ errorCode: "DECLINED", approval: { status: "denied" } });
      expect(ran).toEqual([]);
    }
  });

  it("cannot be answered by another user, nor under an id that was never asked", async () => {
    const { chatId, decide, caller } = await waitingCall();
    const other = await signedInCaller();
    expect(await errorOf(decide("once", other.caller))).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await errorOf(
        caller.agent.decideApproval({ conversationId: chatId, toolCallId: "call_never_asked", decision: "once", args }),
      ),
    ).toMatchObject({ code: "NOT_FOUND", message: "This approval request was not found." });
    expect(ran).toEqual([]);
    expect(await decide("once")).toMatchObject({ ok: true });
    expect(ran).toEqual([{ name: "send_invoice", args }]);
  });
});
