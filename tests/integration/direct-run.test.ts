// Running a tool from its form (no model) and the conversations it lands in: the real
// router, a real local MCP server over HTTP, a real database. Asserts on what the server
// actually ran and on what each user can see.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { mcpPool } from "@/server/connectors/pool";
import { startMcpServer, type TestServer } from "../support/mcp-servers";
import { useTestDatabase } from "../support/db";
import { errorOf } from "../support/errors";
import { signedInCaller } from "../support/trpc";

useTestDatabase();
let server: TestServer;
/** Every call the MCP server ran. */
const ran: { name: string; args: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = await startMcpServer({
    name: "notes",
    tools: [
      {
        name: "find_note",
        title: "Find a note",
        inputSchema: { type: "object", properties: { query: { type: "string" } }, required: ["query"] },
        annotations: { readOnlyHint: true },
      },
      { name: "count_notes", inputSchema: { type: "object", properties: {} }, annotations: { readOnlyHint: true } },
    ],
    onCall: (name, args) => {
      ran.push({ name, args });
      return { content: [{ type: "text", text: `${name} ran` }] };
    },
  });
});
afterEach(() => {
  ran.length = 0;
});
afterAll(async () => {
  await mcpPool().closeAll();
  await server.close();
});

let n = 0;
async function setup() {
  const session = await signedInCaller();
  const c = await session.caller.connectors.create({ name: "Notes", url: server.url, auth: { type: "none" } });
  n += 1;
  return { ...session, connectorId: c.id, chatId: `direct-run-${n}` };
}

describe("a tool run from its form", () => {
  it("is listed with the name its server gave it, and not at all once its connector is disabled", async () => {
    const { caller, connectorId } = await setup();
    const labels = (await caller.agent.availableTools()).map((t) => [t.label, t.description]);
    expect(labels).toContainEqual(["Notes › Find a note", "Find a note"]);
    expect(labels).toContainEqual(["Notes › count_notes", "count_notes"]);
    await caller.connectors.toggle({ id: connectorId, enabled: false });
    expect((await caller.agent.availableTools()).map((t) => t.label)).not.toContain("Notes › count_notes");
  });

  it("of a tool the server does not offer, of a disabled connector or of another user's connector runs nothing", async () => {
    const { caller, connectorId, chatId } = await setup();
    const other = await signedInCaller();
    const runIt = (c: typeof caller, toolName: string) =>
      errorOf(
        c.agent.runTool({
          conversationId: chatId,
          selection: { kind: "connector", connectorId, toolName },
          args: {},
        }),
      );

    expect(await runIt(caller, "delete_everything")).toMatchObject({
      code: "TOOL_UNAVAILABLE",
      message: "Notes no longer offers the tool delete_everything.",
    });
    expect(await runIt(other.caller, "count_notes")).toMatchObject({
      code: "TOOL_UNAVAILABLE",
      message: "The selected connector no longer exists. Choose another tool.",
    });
    await caller.connectors.toggle({ id: connectorId, enabled: false });
    expect(await runIt(caller, "count_notes")).toMatchObject({
      code: "TOOL_UNAVAILABLE",
      message: "Notes is disabled. Enable it to use count_notes.",
    });
    expect(
      await errorOf(
        caller.agent.runTool({
          conversationId: chatId,
          selection: { kind: "system", toolId: "nope", toolName: "nope_tool" },
          args: {},
        }),
      ),
    ).toMatchObject({ code: "TOOL_UNAVAILABLE" });
    expect(ran).toEqual([]);
    // Nothing ran, so no conversation was started.
    expect(await caller.agent.conversations()).toEqual([]);
  });

  it("with arguments its schema refuses is answered with a clear error naming the field", async () => {
    const { caller, chatId } = await setup();
    const { outcome } = await caller.agent.runTool({
      conversationId: chatId,
      selection: { kind: "system", toolId: "analytics", toolName: "analytics_usage" },
      args: { period: "forever" },
    });
    expect(outcome).toMatchObject({ ok: false, errorCode: "VALIDATION" });
    expect(outcome.text).toMatch(/^Invalid input for analytics_usage: period: /);
  });

  it("adds each run to the same conversation, in order", async () => {
    const { caller, connectorId, chatId } = await setup();
    const selection = { kind: "connector" as const, connectorId, toolName: "count_notes" };
    await caller.agent.runTool({ conversationId: chatId, selection, args: {} });
    await caller.agent.runTool({
      conversationId: chatId,
      selection: { ...selection, toolName: "find_note" },
      args: { query: "groceries" },
    });
    expect(ran).toEqual([
      { name: "count_notes", args: {} },
      { name: "find_note", args: { query: "groceries" } },
    ]);
    const stored = await caller.agent.conversation({ id: chatId });
    expect(stored.title).toBe("Ran count_notes");
    expect(stored.messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect(stored.messages[2]?.parts).toEqual([{ type: "text", text: "Run find_note" }]);
    expect(stored.messages[3]?.parts).toMatchObject([
      {
        type: "dynamic-tool",
        toolName: "find_note",
        state: "output-available",
        input: { query: "groceries" },
        output: { ok: true, text: "find_note ran" },
      },
    ]);
  });
});

describe("conversations", () => {
  it("with the same id are separate for two users: each sees, lists and deletes only their own", async () => {
    const alice = await setup();
    const bob = await setup();
    const chatId = `shared-id-${n}`;
    const count = (s: typeof alice) =>
      s.caller.agent.runTool({
        conversationId: chatId,
        selection: { kind: "connector", connectorId: s.connectorId, toolName: "count_notes" },
        args: {},
      });
    await count(alice);
    await count(bob);
    await count(bob);

    expect((await alice.caller.agent.conversation({ id: chatId })).messages).toHaveLength(2);
    expect((await bob.caller.agent.conversation({ id: chatId })).messages).toHaveLength(4);
    expect((await alice.caller.agent.conversations()).map((c) => c.title)).toEqual(["Ran count_notes"]);

    // Bob deletes his; Alice's is untouched.
    expect(await bob.caller.agent.deleteConversation({ id: chatId })).toEqual({ id: chatId });
    expect(await errorOf(bob.caller.agent.conversation({ id: chatId }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await bob.caller.agent.conversations()).toEqual([]);
    expect(await errorOf(bob.caller.agent.deleteConversation({ id: chatId }))).toMatchObject({
      code: "NOT_FOUND",
      message: "Conversation not found.",
    });
    expect((await alice.caller.agent.conversation({ id: chatId })).messages).toHaveLength(2);
  });

  it("of another user cannot be read or deleted by guessing their id", async () => {
    const alice = await setup();
    const bob = await signedInCaller();
    await alice.caller.agent.runTool({
      conversationId: alice.chatId,
      selection: { kind: "connector", connectorId: alice.connectorId, toolName: "count_notes" },
      args: {},
    });
    expect(await errorOf(bob.caller.agent.conversation({ id: alice.chatId }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await errorOf(bob.caller.agent.deleteConversation({ id: alice.chatId }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await bob.caller.agent.conversations()).toEqual([]);
    expect((await alice.caller.agent.conversation({ id: alice.chatId })).messages).toHaveLength(2);
  });
});
