// Editing, disabling and deleting connectors, and that nobody else can.
import { appRouter } from "@/server/api/root";
import { connectorEvents } from "@/server/connectors/service/events";
import { findConnector, insertConnectorWithinLimit } from "@/server/db/connectors";
import { findDatabase } from "@/server/db/databases";
import { decryptCredentials } from "@/server/platform/encryption";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildConnectorRow } from "../support/builders";
import { seedDatabase } from "../support/databases";
import { report } from "../support/count";
import { useTestDatabase } from "../support/db";
import { errorOf } from "../support/errors";
import { captureLogs } from "../support/logs";
import { makeTools, startMcpServer, type TestServer } from "../support/mcp-servers";
import { signedInCaller } from "../support/trpc";

useTestDatabase();
const logs = captureLogs();
let secured: TestServer;
let other: TestServer;

beforeAll(async () => {
  secured = await startMcpServer({ tools: makeTools(2), requireHeaders: { authorization: "Bearer tok_one" } });
  other = await startMcpServer({ tools: makeTools(4, "other"), requireHeaders: { authorization: "Bearer tok_one" } });
});
afterAll(async () => {
  await Promise.all([secured.close(), other.close()]);
});

async function withConnector() {
  const session = await signedInCaller();
  const connector = await session.caller.connectors.create({
    name: "Docs",
    url: secured.url,
    auth: { type: "bearer", token: "tok_one" },
  });
  return { ...session, connector };
}

describe("connectors.update", () => {
  it("renames without testing again", async () => {
    const { caller, connector } = await withConnector();
    const requestsBefore = secured.requests.length;
    const renamed = await caller.connectors.update({ id: connector.id, name: "Handbook" });
    expect(renamed.name).toBe("Handbook");
    expect(secured.requests.length).toBe(requestsBefore);
  });

  it("re-tests a new URL with the token entered again and refreshes the tools", async () => {
    const { caller, connector, user } = await withConnector();
    // Same host and port, yet another URL: the saved token is not reused (see tests/security).
    const moved = secured.url.replace("/mcp", "/mcp?v=2");
    expect((await errorOf(caller.connectors.update({ id: connector.id, url: moved }))).code).toBe("VALIDATION");
    const updated = await caller.connectors.update({
      id: connector.id,
      url: moved,
      auth: { type: "bearer", token: "tok_one" },
    });
    expect(updated.url).toBe(moved);
    const row = await findConnector(user.id, connector.id);
    expect(decryptCredentials(row!.encryptedCredentials!, { userId: user.id, subjectId: connector.id })).toEqual({
      type: "bearer",
      token: "tok_one",
    });
  });

  it("asks for the token again when the server's origin changes", async () => {
    const { caller, connector } = await withConnector();
    const err = await errorOf(caller.connectors.update({ id: connector.id, url: other.url }));
    expect(err).toMatchObject({
      code: "VALIDATION",
      message: "Enter the token again: saved secrets are only sent to the exact URL they were saved for.",
    });
    const updated = await caller.connectors.update({
      id: connector.id,
      url: other.url,
      auth: { type: "bearer", token: "tok_one" },
    });
    expect(updated).toMatchObject({ toolCount: 4, url: other.url });
  });

  it("refuses new settings that fail their test and keeps the old ones", async () => {
    const { caller, connector, user } = await withConnector();
    const err = await errorOf(caller.connectors.update({ id: connector.id, auth: { type: "bearer", token: "wrong" } }));
    expect(err.code).toBe("AUTH_FAILED");
    const row = await findConnector(user.id, connector.id);
    expect(decryptCredentials(row!.encryptedCredentials!, { userId: user.id, subjectId: connector.id })).toEqual({
      type: "bearer",
      token: "tok_one",
    });
  });

  it("refuses a name another of the user's connectors has", async () => {
    const { caller, connector } = await withConnector();
    await caller.connectors.create({ name: "Second", url: secured.url, auth: { type: "bearer", token: "tok_one" } });
    expect((await errorOf(caller.connectors.update({ id: connector.id, name: "second" }))).code).toBe("DUPLICATE_NAME");
  });

  it("lets the edit form test with the stored secret", async () => {
    const { caller, connector } = await withConnector();
    const result = await caller.connectors.test({
      url: secured.url,
      auth: { type: "bearer" },
      connectorId: connector.id,
    });
    expect(result.ok).toBe(true);
    const fresh = await errorOf(caller.connectors.test({ url: secured.url, auth: { type: "bearer" } }));
    expect(fresh).toMatchObject({ code: "VALIDATION", message: "Enter the token." });
  });
});

describe("connectors.toggle and connectors.delete", () => {
  it("disables and re-enables, keeping every setting", async () => {
    const { caller, connector } = await withConnector();
    const events: string[] = [];
    connectorEvents.on("changed", (e) => events.push(`${e.kind}:${e.connectorId}`));
    const off = await caller.connectors.toggle({ id: connector.id, enabled: false });
    expect(off).toMatchObject({ enabled: false, status: "disabled", toolCount: 2, hasCredentials: true });
    const on = await caller.connectors.toggle({ id: connector.id, enabled: true });
    expect(on).toMatchObject({ enabled: true, status: "connected" });
    expect(events).toEqual([`toggle:${connector.id}`, `toggle:${connector.id}`]);
    connectorEvents.removeAllListeners();
  });

  it("deletes the connector and its credentials", async () => {
    const { caller, connector, user } = await withConnector();
    expect(await caller.connectors.delete({ id: connector.id })).toEqual({ id: connector.id });
    expect(await findConnector(user.id, connector.id)).toBeNull();
    expect(await caller.connectors.list()).toEqual([]);
    expect((await errorOf(caller.connectors.delete({ id: connector.id }))).code).toBe("NOT_FOUND");
  });

  it("deletes an OAuth connector even when its sign-in cannot be revoked, and logs why", async () => {
    const { caller, user } = await signedInCaller();
    const id = randomUUID();
    // Credentials that no key can read: revoking must fail without stopping the delete.
    const row = buildConnectorRow({ id, userId: user.id, name: "Old sign-in", url: secured.url, authType: "oauth" });
    await insertConnectorWithinLimit({ ...row, encryptedCredentials: "v1.9.AAAA.AAAA.AAAA", keyVersion: 9 }, 10);
    expect(await caller.connectors.delete({ id })).toEqual({ id });
    expect(await findConnector(user.id, id)).toBeNull();
    expect(logs.lines().find((l) => l.event === "connector.revoke" && l.connectorId === id)).toMatchObject({
      outcome: "failed",
      code: "ENCRYPTION_KEY",
    });
  });

  it("logs every change with user, connector and outcome, never a secret", () => {
    const events = logs.lines().map((l) => l.event);
    for (const e of ["connector.list", "connector.create", "connector.update", "connector.toggle", "connector.delete"])
      expect(events).toContain(e);
    expect(logs.raw()).not.toContain("tok_one");
  });
});

// Every procedure that takes a connector id, called by someone else with the owner's id.
// A new procedure must be added here or to the list of procedures without ids.
// System tool ids name a kind of tool, not a record: every tools.* call acts on the caller's own status.
const PROCEDURES_WITHOUT_IDS = [
  "account.signUp",
  "account.me",
  "account.changePassword",
  "account.signOutEverywhere",
  "connectors.list",
  "connectors.create",
  "databases.list",
  "databases.create",
  "tools.list",
  "tools.connect",
  "tools.disconnect",
  "tools.analytics",
  "agent.status",
  "agent.conversations",
  "agent.availableTools",
  // Keyed by the caller and the conversation id: another user's conversation id finds
  // nothing and stops nothing (tests/integration/mcp-features-hostile.test.ts,
  // polled-calls.test.ts).
  "agent.questions",
  "agent.callProgress",
  "agent.stop",
  // A question's id: another user's is "not found" (mcp-features-hostile.test.ts, "answers").
  "agent.answerQuestion",
  "mcp.prompts",
];
type Ids = { connectorId: string; conversationId: string; databaseId: string };
type Caller = Awaited<ReturnType<typeof signedInCaller>>["caller"];
const OWNERSHIP_CASES: Record<string, (caller: Caller, ids: Ids) => Promise<unknown>> = {
  "connectors.test": (c, ids) =>
    c.connectors.test({ url: secured.url, auth: { type: "bearer" }, connectorId: ids.connectorId }),
  "connectors.testLive": async (c, ids) => {
    for await (const _ of await c.connectors.testLive({
      url: secured.url,
      auth: { type: "bearer" },
      connectorId: ids.connectorId,
    }))
      void _;
  },
  "connectors.update": (c, ids) => c.connectors.update({ id: ids.connectorId, name: "Stolen" }),
  "connectors.toggle": (c, ids) => c.connectors.toggle({ id: ids.connectorId, enabled: false }),
  "connectors.delete": (c, ids) => c.connectors.delete({ id: ids.connectorId }),
  "connectors.retest": (c, ids) => c.connectors.retest({ id: ids.connectorId }),
  "connectors.oauthStart": (c, ids) => c.connectors.oauthStart({ url: secured.url, connectorId: ids.connectorId }),
  "databases.test": (c, ids) =>
    c.databases.test({ connection: { type: "url", url: "postgresql://u@127.0.0.1/db" }, databaseId: ids.databaseId }),
  "databases.testLive": async (c, ids) => {
    const connection = { type: "url" as const, url: "postgresql://u@127.0.0.1/db" };
    for await (const _ of await c.databases.testLive({ connection, databaseId: ids.databaseId })) void _;
  },
  "databases.update": (c, ids) => c.databases.update({ id: ids.databaseId, name: "Stolen" }),
  "databases.toggle": (c, ids) => c.databases.toggle({ id: ids.databaseId, enabled: false }),
  "databases.delete": (c, ids) => c.databases.delete({ id: ids.databaseId }),
  "databases.schema": (c, ids) => c.databases.schema({ id: ids.databaseId }),
  "databases.refreshSchema": (c, ids) => c.databases.refreshSchema({ id: ids.databaseId }),
  "databases.searchSchema": (c, ids) => c.databases.searchSchema({ id: ids.databaseId, query: "x" }),
  "agent.conversation": (c, ids) => c.agent.conversation({ id: ids.conversationId }),
  "agent.deleteConversation": (c, ids) => c.agent.deleteConversation({ id: ids.conversationId }),
  "agent.runTool": (c, ids) =>
    c.agent.runTool({
      conversationId: ids.conversationId,
      selection: { kind: "connector", connectorId: ids.connectorId, toolName: "tool_1" },
      args: { text: "x" },
    }),
  "agent.runTool (own conversation)": (c, ids) =>
    c.agent.runTool({
      conversationId: "intruders-own",
      selection: { kind: "connector", connectorId: ids.connectorId, toolName: "tool_1" },
      args: { text: "x" },
    }),
  "mcp.resources": (c, ids) => c.mcp.resources({ connectorId: ids.connectorId }),
  "mcp.readResource": (c, ids) => c.mcp.readResource({ connectorId: ids.connectorId, uri: "demo://a" }),
  "mcp.readTemplate": (c, ids) =>
    c.mcp.readTemplate({ connectorId: ids.connectorId, uriTemplate: "demo://{id}", values: { id: "1" } }),
  "mcp.complete": (c, ids) =>
    c.mcp.complete({
      connectorId: ids.connectorId,
      ref: { type: "ref/prompt", name: "p" },
      argument: { name: "a", value: "" },
    }),
  "mcp.getPrompt": (c, ids) => c.mcp.getPrompt({ connectorId: ids.connectorId, name: "p", args: {} }),
  "mcp.appCallTool": (c, ids) =>
    c.mcp.appCallTool({
      conversationId: ids.conversationId,
      connectorId: ids.connectorId,
      resourceUri: "ui://app",
      toolName: "tool_1",
      args: {},
    }),
  "mcp.appSandbox": (c, ids) => c.mcp.appSandbox({ connectorId: ids.connectorId, uri: "ui://app" }),
  "agent.decideApproval": (c, ids) =>
    c.agent.decideApproval({
      conversationId: ids.conversationId,
      toolCallId: "call-1",
      decision: "once",
      args: { text: "x" },
    }),
  "toolPolicy.list": (c, ids) => c.toolPolicy.list({ connectorId: ids.connectorId }),
  "toolPolicy.update": (c, ids) =>
    c.toolPolicy.update({
      tool: { kind: "connector", connectorId: ids.connectorId, toolName: "tool_1" },
      policy: "always",
    }),
  "toolPolicy.review": (c, ids) => c.toolPolicy.review({ connectorId: ids.connectorId, toolName: "tool_1" }),
  "toolPolicy.accept": (c, ids) =>
    c.toolPolicy.accept({ connectorId: ids.connectorId, toolName: "tool_1", hash: "0".repeat(64) }),
};

let ownershipTried = 0;
afterAll(() =>
  report("ownership", ownershipTried, `${ownershipTried} answered exactly like a missing record, nothing changed`),
);

describe("ownership", () => {
  it("covers every procedure of the router", () => {
    const all = Object.keys(appRouter._def.procedures).sort();
    const covered = [
      ...new Set([...PROCEDURES_WITHOUT_IDS, ...Object.keys(OWNERSHIP_CASES).map((k) => k.split(" ")[0]!)]),
    ].sort();
    expect(all).toEqual(covered);
  });

  it.each(Object.entries(OWNERSHIP_CASES))(
    "%s: another user's record is exactly 'not found' and nothing changes",
    async (_name, call) => {
      const owner = await withConnector();
      const conversationId = `owned-${owner.connector.id}`;
      await owner.caller.agent.runTool({
        conversationId,
        selection: { kind: "connector", connectorId: owner.connector.id, toolName: "tool_1" },
        args: { text: "mine" },
      });
      const database = await seedDatabase(owner.user.id, { password: "owners-password" });
      const intruder = await signedInCaller();
      const before = {
        connector: await findConnector(owner.user.id, owner.connector.id),
        conversation: await owner.caller.agent.conversation({ id: conversationId }),
      };
      const ids = { connectorId: owner.connector.id, conversationId, databaseId: database.id };
      const err = await errorOf(call(intruder.caller, ids));
      expect(["NOT_FOUND", "TOOL_UNAVAILABLE"]).toContain(err.code);
      expect(err.message).toMatch(/not found|no longer exists/);
      const missing = await errorOf(
        call(intruder.caller, { connectorId: "no-such-id", conversationId: "no-such-id", databaseId: "no-such-id" }),
      );
      expect(missing).toMatchObject({ code: err.code, message: err.message });
      expect(await findConnector(owner.user.id, owner.connector.id)).toEqual(before.connector);
      expect(await findDatabase(owner.user.id, database.id)).toEqual(database);
      expect(await owner.caller.agent.conversation({ id: conversationId })).toEqual(before.conversation);
      ownershipTried += 1;
    },
  );
});
