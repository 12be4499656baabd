// Several app instances behind a load balancer share one PostgreSQL: the user's answer to a
// server's question, or their Stop, may reach another instance than the one holding the MCP
// call. It is relayed through the database (LISTEN/NOTIFY): the instances here poll only
// once a minute, so an answer arriving in seconds proves the notification woke them.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { randomBytes } from "node:crypto";
import readline from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "@/server/auth/accounts";
import { useDatabase } from "@/server/db/client";
import { insertConnectorWithinLimit } from "@/server/db/connectors";
import { buildConnectorRow } from "../support/builders";
import { createTestDatabase } from "../support/db";
import type { TestServer } from "../support/mcp-servers";
import { startStatefulMcpServer } from "../support/mcp-sessions";

type Instance = { call: (cmd: Record<string, unknown>) => Promise<unknown>; proc: ChildProcessWithoutNullStreams };

let dbHandle: Awaited<ReturnType<typeof createTestDatabase>>;
let server: TestServer;
let cancelled: string[] = [];
const instances: Instance[] = [];
const sharedKey = `1:${randomBytes(32).toString("base64")}`;

function startInstance(url: string): Instance {
  const proc = spawn(process.execPath, ["--import", "tsx", "tests/support/relay-child.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      AUTH_SECRET: randomBytes(32).toString("base64"),
      ENCRYPTION_KEYS: sharedKey,
      LOG_LEVEL: "silent",
      OUTBOUND_ALLOW: "127.0.0.1",
      RELAY_POLL_MS: "60000",
    },
  });
  const waiting = new Map<number, (r: unknown) => void>();
  readline.createInterface({ input: proc.stdout }).on("line", (line) => {
    const { id, result } = JSON.parse(line) as { id: number; result: unknown };
    waiting.get(id)?.(result);
  });
  let next = 0;
  return {
    proc,
    call: (cmd) =>
      new Promise((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        proc.stdin.write(`${JSON.stringify({ ...cmd, id })}\n`);
      }),
  };
}

beforeAll(async () => {
  if (!process.env.TEST_DATABASE_URL)
    throw new Error("This suite needs PostgreSQL: set TEST_DATABASE_URL (npm run test:postgres).");
  dbHandle = await createTestDatabase();
  useDatabase(dbHandle.db);
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
  instances.push(startInstance(dbHandle.url!), startInstance(dbHandle.url!));
}, 60_000);
afterAll(async () => {
  for (const i of instances) i.proc.kill();
  await server?.close();
  useDatabase(undefined);
  await dbHandle?.drop();
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
    expect(await outcome).toMatchObject({ ok: false, errorCode: "CANCELLED" });
    await expect.poll(() => cancelled).toEqual(["forever"]);
  }, 30_000);
});
