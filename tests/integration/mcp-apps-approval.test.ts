// A tool call from an MCP App that needs the user's OK (SEP-1865: the app's calls follow
// the same rules as the model's): it waits, not run, until the user answers the prompt
// next to the app through agent.decideApproval; an allowed call runs once with exactly the
// arguments the app sent; a denied one never reaches the server; Never is refused outright.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { mcpPool } from "@/server/connectors/pool";
import { ensureConversation } from "@/server/db/conversations";
import { startMcpServer, type TestServer } from "../support/mcp-servers";
import { useTestDatabase } from "../support/db";
import { signedInCaller } from "../support/trpc";

useTestDatabase();

const BOARD_APP = "ui://board/app.html";
const cardArgs = {
  type: "object" as const,
  properties: { card: { type: "string" }, to: { type: "string" } },
};
const tools: Tool[] = [
  {
    name: "show-board",
    inputSchema: { type: "object", properties: {} },
    annotations: { readOnlyHint: true },
    _meta: { ui: { resourceUri: BOARD_APP } },
  },
  // Not read-only: its policy starts at "Ask each time".
  { name: "move-card", title: "Move card", inputSchema: cardArgs, _meta: { ui: { visibility: ["app"] } } },
];

let board: TestServer;
const calls: { name: string; args: Record<string, unknown> }[] = [];

beforeAll(async () => {
  board = await startMcpServer({
    name: "board",
    tools,
    onCall: (name, args) => {
      calls.push({ name, args });
      return { content: [{ type: "text", text: `moved ${String(args.card)}` }] };
    },
  });
});
beforeEach(() => {
  calls.length = 0;
});
afterAll(async () => {
  await mcpPool().closeAll();
  await board.close();
});

async function owner() {
  const session = await signedInCaller();
  const c = await session.caller.connectors.create({ name: "Board", url: board.url, auth: { type: "none" } });
  const conversationId = randomUUID();
  await ensureConversation(session.user.id, conversationId, "Apps");
  const call = {
    conversationId,
    connectorId: c.id,
    resourceUri: BOARD_APP,
    toolName: "move-card",
    args: { card: "Launch", to: "Done" },
  };
  return { ...session, connectorId: c.id, conversationId, call };
}

/** The app's call, left waiting: the id and arguments its prompt answers for. */
async function pendingCall(o: Awaited<ReturnType<typeof owner>>) {
  const outcome = await o.caller.mcp.appCallTool(o.call);
  expect(outcome).toMatchObject({
    ok: false,
    errorCode: "APPROVAL_PENDING",
    label: "Board › Move card",
    source: { kind: "connector", connectorName: "Board" },
    approval: { status: "pending", toolCallId: expect.stringMatching(/^app-/) as unknown },
  });
  return outcome.approval!.toolCallId!;
}

describe("an MCP App's call to a tool that asks first", () => {
  it("is not run until approved; allowed once, the server gets it once with the exact arguments", async () => {
    const o = await owner();
    const toolCallId = await pendingCall(o);
    expect(calls).toEqual([]);

    const decide = { conversationId: o.conversationId, toolCallId, decision: "once" as const, args: o.call.args };
    const allowed = await o.caller.agent.decideApproval(decide);
    expect(allowed).toMatchObject({ ok: true, text: "moved Launch", approval: { status: "allowed", scope: "once" } });
    expect(calls).toEqual([{ name: "move-card", args: { card: "Launch", to: "Done" } }]);

    // The approval is used up: answering again runs nothing, and the next call asks again.
    expect(await o.caller.agent.decideApproval(decide)).toMatchObject({ ok: true, text: "moved Launch" });
    expect(calls).toHaveLength(1);
    await pendingCall(o);
    expect(calls).toHaveLength(1);
  });

  it("denied, never reaches the server, and the app reads that the user declined", async () => {
    const o = await owner();
    const toolCallId = await pendingCall(o);
    const denied = await o.caller.agent.decideApproval({
      conversationId: o.conversationId,
      toolCallId,
      decision: "deny",
      args: o.call.args,
    });
    expect(denied).toMatchObject({
      ok: false,
      errorCode: "DECLINED",
      text: "The user declined this tool call; it was not run.",
      approval: { status: "denied" },
    });
    // A late "allow" after the denial does not run it either.
    await o.caller.agent.decideApproval({
      conversationId: o.conversationId,
      toolCallId,
      decision: "once",
      args: o.call.args,
    });
    expect(calls).toEqual([]);
  });

  it("counts only for the arguments the app sent, and only for the user it was asked of", async () => {
    const o = await owner();
    const toolCallId = await pendingCall(o);
    await expect(
      o.caller.agent.decideApproval({
        conversationId: o.conversationId,
        toolCallId,
        decision: "once",
        args: { card: "Launch", to: "Archive" },
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining("not the arguments") as unknown });

    const other = await signedInCaller();
    await expect(
      other.caller.agent.decideApproval({
        conversationId: o.conversationId,
        toolCallId,
        decision: "once",
        args: o.call.args,
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(calls).toEqual([]);

    // Still waiting for its owner, who can allow it.
    const allowed = await o.caller.agent.decideApproval({
      conversationId: o.conversationId,
      toolCallId,
      decision: "once",
      args: o.call.args,
    });
    expect(allowed).toMatchObject({ ok: true });
    expect(calls).toHaveLength(1);
  });

  it("allowed for the conversation, runs at once on the app's next calls there", async () => {
    const o = await owner();
    const toolCallId = await pendingCall(o);
    await o.caller.agent.decideApproval({
      conversationId: o.conversationId,
      toolCallId,
      decision: "conversation",
      args: o.call.args,
    });
    const next = await o.caller.mcp.appCallTool({ ...o.call, args: { card: "Docs", to: "Doing" } });
    expect(next).toMatchObject({
      ok: true,
      text: "moved Docs",
      approval: { status: "allowed", scope: "conversation" },
    });
    expect(calls).toHaveLength(2);
  });

  it("set to Never, is refused without a prompt", async () => {
    const o = await owner();
    await o.caller.toolPolicy.update({
      tool: { kind: "connector", connectorId: o.connectorId, toolName: "move-card" },
      policy: "never",
    });
    const refused = await o.caller.mcp.appCallTool(o.call);
    expect(refused).toMatchObject({ ok: false, errorCode: "TOOL_UNAVAILABLE" });
    expect(refused.approval).toBeUndefined();
    expect(calls).toEqual([]);
  });
});
