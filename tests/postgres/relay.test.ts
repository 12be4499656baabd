// Several app instances behind a load balancer share one PostgreSQL: the user's answer to a
// server's question, or their Stop, may reach another instance than the one holding the MCP
// call. It is relayed through the database (LISTEN/NOTIFY): the instances here poll only
// once a minute, so an answer arriving in seconds proves the notification woke them.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "@/server/auth/accounts";
import { insertConnectorWithinLimit } from "@/server/db/connectors";
import { buildConnectorRow } from "../support/builders";
import { useTwoInstances, type Instance } from "../support/instances";
import type { TestServer } from "../support/mcp-servers";
import { startStatefulMcpServer } from "../support/mcp-sessions";

let server: TestServer;
let cancelled: string[] = [];

beforeAll(async () => {
  server = await startStatefulMcpServer({
    tools: [
      // Read-only, so they run without an approval (approvals are tested elsewhere).
      { name: "ask", inputSchema: { type: "object" }, annotations: { readOnlyHint: true } },
      { name: "forever", inputSchema: { type: "object" }, annotations: { readOnlyHint: true } },
    ],
    onCall: async (name, _args, call) => {
      if (name === "ask") {
        const answer = await call.server.elicitInput({
          message: "How many?",
          requestedSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] },
        });
        return { content: [{ type: "text", text: JSON.stringify(answer) }] };
      }
      return new Promise(() => call.signal.addEventListener("abort", () => cancelled.push(name), { once: true }));
    },
  });
});
afterAll(async () => {
  await server?.close();
});
// Registered after the server's hooks, so the instances stop before the server closes.
const instances = useTwoInstances("tests/support/relay-child.ts", {
  OUTBOUND_ALLOW: "127.0.0.1",
  RELAY_POLL_MS: "60000",
});

async function userWithConnector() {
  const user = await signUp({
    email: `relay-${randomBytes(4).toString("hex")}@example.com`,
    password: "a long enough password",
  });
  const row = buildConnectorRow({
    id: `conn_${randomBytes(4).toString("hex")}`,
    userId: user.id,
    name: "Counter",
    url: server.url,
    // The stored tools decide the policy: read-only ones run without an approval.
    toolsSnapshot: ["ask", "forever"].map((name) => ({
      name,
      inputSchema: { type: "object" },
      annotations: { readOnlyHint: true },
    })),
  });
  await insertConnectorWithinLimit(row, 10);
  return user.id;
}

describe("two instances, one database", () => {
  it("an answer given on one instance reaches the call held by the other", async () => {
    const [a, b] = instances as [Instance, Instance];
    const userId = await userWithConnector();
    const outcome = a.call({ op: "run", userId, conversationId: "c1", tool: "ask" });
    expect(await b.call({ op: "answer", userId, conversationId: "c1", content: { count: 7 } })).toMatchObject({
      connectorName: "Counter",
      status: "accepted",
    });
    const answered = Date.now();
    expect(await outcome).toEqual({
      ok: true,
      errorCode: null,
      text: JSON.stringify({ action: "accept", content: { count: 7 } }),
    });
    // Woken by NOTIFY, not by the once-a-minute poll.
    expect(Date.now() - answered).toBeLessThan(10_000);
  }, 30_000);

  it("a Stop recorded on one instance cancels the call on the server from the other", async () => {
    const [a, b] = instances as [Instance, Instance];
    const userId = await userWithConnector();
    cancelled = [];
    const outcome = a.call({ op: "run", userId, conversationId: "c2", tool: "forever", stoppable: true });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await b.call({ op: "stop", userId, conversationId: "c2" })).toEqual({ stopped: true });
    expect(await outcome).toEqual({ ok: false, errorCode: "CANCELLED", text: "Stopped by the user." });
    await expect.poll(() => cancelled).toEqual(["forever"]);
  }, 30_000);

  it("a Stop recorded on one instance cancels a direct run (agent.runTool) held by the other", async () => {
    const [a, b] = instances as [Instance, Instance];
    const userId = await userWithConnector();
    cancelled = [];
    const outcome = a.call({ op: "direct", userId, conversationId: "c3", tool: "forever" });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await b.call({ op: "stop", userId, conversationId: "c3" })).toEqual({ stopped: true });
    const stopped = Date.now();
    expect(await outcome).toEqual({ ok: false, errorCode: "CANCELLED", text: "Stopped by the user." });
    expect(Date.now() - stopped).toBeLessThan(10_000);
    await expect.poll(() => cancelled).toEqual(["forever"]);
  }, 30_000);
});
