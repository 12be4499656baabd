// A bounded load on loopback: list and test procedures through the real tRPC HTTP
// handler for a signed-in user, and 20 concurrent chats against the fake model with
// tools on local MCP servers. Zero errors, and no MCP connections left over.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import autocannon from "autocannon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import { handleChat } from "@/server/agent/chat";
import { appRouter } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import { mcpPool } from "@/server/connectors/pool";
import { report } from "../support/count";
import { startFakeModel, type FakeModel } from "../support/fake-openai";
import { makeTools, startMcpServer, type TestServer } from "../support/mcp-servers";
import { readUiStream } from "../support/ui-stream";
import { useTestDatabase } from "../support/db";
import { signedInCaller } from "../support/trpc";

useTestDatabase();
let http: Server;
let base = "";
let mcp: TestServer[] = [];
let model: FakeModel;
let userId = "";
const saved = { ...process.env };

beforeAll(async () => {
  model = await startFakeModel();
  mcp = await Promise.all([startMcpServer({ tools: makeTools(5, "a") }), startMcpServer({ tools: makeTools(5, "b") })]);
  Object.assign(process.env, {
    OPENAI_BASE_URL: model.url,
    OPENAI_API_KEY: "sk-load",
    CONNECTION_TESTS_PER_MINUTE: "100000",
  });
  resetEnvForTests();
  const { user, caller } = await signedInCaller();
  userId = user.id;
  for (const [i, s] of mcp.entries())
    await caller.connectors.create({ name: `Load ${i}`, url: s.url, auth: { type: "none" } });
  // The app's tRPC endpoint as served, with this user's session.
  http = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const request = new Request(`http://127.0.0.1${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
      const response = await fetchRequestHandler({
        endpoint: "/api/trpc",
        req: request,
        router: appRouter,
        createContext: () => createContext({ user: { id: user.id, email: user.email, name: null } }),
      });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })();
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  process.env = { ...saved };
  resetEnvForTests();
  http.close();
  await mcpPool().closeAll();
  await Promise.all([model.close(), ...mcp.map((s) => s.close())]);
});

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err: Error | null, result) => (err ? reject(err) : resolve(result)));
  });
}

describe("load", () => {
  it("serves thousands of list and test requests without an error", async () => {
    const list = await run({ url: `${base}/api/trpc/connectors.list`, connections: 10, amount: 2000 });
    const body = JSON.stringify({ json: { url: mcp[0]!.url, auth: { type: "none" } } });
    const test = await run({
      url: `${base}/api/trpc/connectors.test`,
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      connections: 5,
      amount: 200,
    });
    for (const [name, r] of [
      ["connectors.list", list],
      ["connectors.test", test],
    ] as const) {
      expect(r.errors + r.timeouts + r.non2xx, name).toBe(0);
      report(
        `load ${name}`,
        r.requests.sent,
        `0 errors, ${Math.round(r.requests.average)} req/s, latency p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`,
      );
    }
  }, 120_000);

  it("answers 20 concurrent chats, and leaves no extra MCP connections behind", async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const chats = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        handleChat(userId, {
          id: `load-${i}`,
          messages: [{ id: `m${i}`, role: "user", parts: [{ type: "text", text: `hello ${i}` }] }],
        }).then(readUiStream),
      ),
    );
    const ms = performance.now() - started;
    for (const chunks of chats) {
      expect(chunks.some((c) => c.type === "error")).toBe(false);
      expect(chunks.some((c) => c.type === "text-delta")).toBe(true);
    }
    // Answers that call no tool open no connection at all (tools come from the snapshots).
    expect(mcpPool().size()).toBe(0);
    await mcpPool().closeAll();
    expect(mcpPool().size()).toBe(0);
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
    report(
      "load chats",
      20,
      `0 errors in ${Math.round(ms)} ms, no MCP connection opened, heap change ${heapMb.toFixed(1)} MB`,
    );
  }, 120_000);
});
