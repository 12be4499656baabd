// Transport robustness against real local servers, each written for one hostile or
// unusual case: what does not end a session is logged and ignored, what does is noticed,
// evicted from the pool and rebuilt on next use; every connect has a deadline; sessions
// answered 404 are re-initialised once, and closed connections end their sessions.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { McpPool, type PoolConnector } from "@/server/connectors/pool";
import { validateMcpConnection } from "@/server/connectors/validator";
import { parseOutboundAllow } from "@/server/platform/outbound";
import { captureLogs } from "../support/logs";
import { makeTools, startHostileServer, startMcpServer, type TestServer } from "../support/mcp-servers";
import { startStatefulMcpServer } from "../support/mcp-sessions";
import { startStrayFrameServer } from "../support/mcp-stray-frames";

const logs = captureLogs();
const loopback = parseOutboundAllow("127.0.0.1");
const none = () => ({ type: "none" as const });
const servers: TestServer[] = [];
const pools: McpPool[] = [];

async function track<T extends TestServer>(p: Promise<T>): Promise<T> {
  const s = await p;
  servers.push(s);
  return s;
}
function newPool(): McpPool {
  const pool = new McpPool(() => 60_000);
  pools.push(pool);
  return pool;
}
let n = 0;
function connector(server: TestServer, transport = "streamable-http"): PoolConnector {
  n += 1;
  return { id: `c${n}`, userId: "u1", url: server.url, transport, updatedAt: new Date(0) };
}
const events = () => logs.lines().map((l) => l.event);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(20);
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.closeAll()));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe("errors that do not end a session are logged and ignored", () => {
  it.each([404, 405] as const)(
    "a stateless server answering %s to the optional GET passes the test",
    async (status) => {
      const server = await track(startMcpServer({ tools: makeTools(2), getStream: status }));
      const result = await validateMcpConnection({ url: server.url, auth: { type: "none" }, policy: loopback });
      expect(result).toMatchObject({ ok: true, code: null, transport: "streamable-http" });
      expect(result.tools).toHaveLength(2);
    },
  );

  it("tools of a stateless POST-only server can be listed and called from the pool", async () => {
    const server = await track(startMcpServer({ tools: makeTools(2), getStream: 404 }));
    const pool = newPool();
    const c = connector(server);
    expect(await pool.listTools(c, none, 3000)).toHaveLength(2);
    const result = await pool.callTool(c, none, "tool_1", { text: "hi" }, 3000);
    expect(result.content).toEqual([{ type: "text", text: 'tool_1: {"text":"hi"}' }]);
    expect(events()).toContain("mcp.standby_stream_unavailable");
  });

  it("a stray frame and a response to an unknown id are logged, and the answer still arrives", async () => {
    const server = await track(startStrayFrameServer());
    const result = await validateMcpConnection({ url: server.url, auth: { type: "none" }, policy: loopback });
    expect(result).toMatchObject({ ok: true, server: { name: "stray-frames" } });
    const pool = newPool();
    const call = await pool.callTool(connector(server), none, "tool_2", { text: "x" }, 3000);
    expect(call.content).toEqual([{ type: "text", text: 'tool_2: {"text":"x"}' }]);
    expect(events()).toContain("mcp.stray_message");
  });

  it("a cut standby stream does not end the connection", async () => {
    const server = await track(startStatefulMcpServer({ tools: makeTools(1) }));
    const pool = newPool();
    const c = connector(server);
    await pool.listTools(c, none, 3000);
    await sleep(50); // the standby GET stream is open now
    server.dropConnections();
    await sleep(50);
    await expect(pool.callTool(c, none, "tool_1", { text: "a" }, 3000)).resolves.toHaveProperty("content");
    expect(server.initializations()).toBe(1);
  });
});

describe("a pooled connection whose transport failed is rebuilt on next use", () => {
  it("an HTTP+SSE server that lost its stream", async () => {
    const server = await track(startMcpServer({ transport: "sse", tools: makeTools(1) }));
    const pool = newPool();
    const c = connector(server, "sse");
    await pool.listTools(c, none, 3000);
    server.dropConnections();
    await until(() => pool.size() === 0); // retired as soon as the stream broke
    const result = await pool.callTool(c, none, "tool_1", { text: "again" }, 3000);
    expect(result.content).toEqual([{ type: "text", text: 'tool_1: {"text":"again"}' }]);
    expect(server.requests.filter((r) => r.method === "GET")).toHaveLength(2);
  });

  it("a Streamable HTTP answer cut mid-answer fails that call only, and the next call works", async () => {
    const server = await track(startStatefulMcpServer({ tools: makeTools(1) }));
    const pool = newPool();
    const c = connector(server);
    await pool.listTools(c, none, 3000);
    server.cutNextCall();
    // At once, with what happened, rather than at the call's deadline.
    await expect(pool.callTool(c, none, "tool_1", { text: "a" }, 3000)).rejects.toThrow(
      /closed the connection before answering/,
    );
    expect(events()).toContain("mcp.answer_stream_broken");
    await expect(pool.callTool(c, none, "tool_1", { text: "b" }, 3000)).resolves.toHaveProperty("content");
    expect(pool.size()).toBe(1);
  });
});

describe("every connect has a deadline", () => {
  it("an HTTP+SSE server that never sends its endpoint fails with TIMEOUT at the deadline", async () => {
    const server = await track(startHostileServer("sse-no-endpoint"));
    const pool = newPool();
    const err = await pool.listTools(connector(server, "sse"), none, 300).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "TIMEOUT" });
    expect(pool.size()).toBe(0);
  });

  it("the connection test says TIMEOUT for it too", async () => {
    const server = await track(startHostileServer("sse-no-endpoint"));
    const result = await validateMcpConnection({
      url: server.url,
      auth: { type: "none" },
      transport: "sse",
      policy: loopback,
      timeoutMs: 300,
    });
    expect(result.code).toBe("TIMEOUT");
  });
});

describe("sessions", () => {
  it("a session answered 404 is re-initialised once, and the call goes through", async () => {
    const server = await track(startStatefulMcpServer({ tools: makeTools(1) }));
    const pool = newPool();
    const c = connector(server);
    await pool.listTools(c, none, 3000);
    await server.forgetSessions();
    const result = await pool.callTool(c, none, "tool_1", { text: "b" }, 3000);
    expect(result.content).toEqual([{ type: "text", text: 'tool_1: {"text":"b"}' }]);
    expect(server.initializations()).toBe(2);
    expect(events()).toContain("mcp.session_expired");
  });

  it("also when the tool list is fetched again after a change", async () => {
    const server = await track(startStatefulMcpServer({ tools: makeTools(1) }));
    const pool = newPool();
    const c = connector(server);
    await pool.listTools(c, none, 3000);
    await until(() => server.requests.some((r) => r.method === "GET")); // the stream that carries notifications
    const posts = server.requests.length;
    await server.notifyToolsChanged();
    await sleep(100); // delivered on that stream
    await server.forgetSessions();
    await expect(pool.listTools(c, none, 3000)).resolves.toHaveLength(1);
    expect(server.requests.length).toBeGreaterThan(posts);
    expect(server.initializations()).toBe(2);
  });

  it("a session refused again right after re-initialising ends the call: no loop", async () => {
    const server = await track(startStatefulMcpServer({ tools: makeTools(1) }));
    const pool = newPool();
    const c = connector(server);
    await pool.listTools(c, none, 3000);
    server.refuseSessions();
    await expect(pool.callTool(c, none, "tool_1", { text: "d" }, 3000)).rejects.toThrow();
    expect(server.initializations()).toBe(2);
  });

  it("closing a pooled connection ends its session with DELETE", async () => {
    const server = await track(startStatefulMcpServer({ tools: makeTools(1) }));
    const pool = newPool();
    const c = connector(server);
    await pool.listTools(c, none, 3000);
    const [session] = server.sessions();
    expect(session).toBeDefined();
    await pool.close(c.userId, c.id);
    expect(server.deleted).toEqual([session]);
    expect(server.sessions()).toEqual([]);
  });

  it("a server that never answers the DELETE does not hold the close", async () => {
    const server = await track(startStatefulMcpServer({ tools: makeTools(1), deleteHangs: true }));
    const pool = new McpPool(() => 60_000, { closeTimeoutMs: 200 });
    const c = connector(server);
    await pool.listTools(c, none, 3000);
    await pool.close(c.userId, c.id);
    expect(server.deleted).toHaveLength(1);
  });
});
