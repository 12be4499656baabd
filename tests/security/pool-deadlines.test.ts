// A server that never finishes connecting must not hold a chat: every pooled connect has
// a deadline, and the caller's own signal (the chat turn's) ends its wait at once.
import { afterAll, describe, expect, it } from "vitest";
import { McpPool } from "@/server/connectors/pool";
import { startHostileServer, type TestServer } from "../support/mcp-servers";
import { count } from "./report";

const servers: TestServer[] = [];
const pools: McpPool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.closeAll()));
  await Promise.all(servers.map((s) => s.close()));
});

async function hostile(kind: "hang" | "sse-no-endpoint") {
  const s = await startHostileServer(kind);
  servers.push(s);
  return s;
}
function pool() {
  const p = new McpPool(() => 60_000, { closeTimeoutMs: 100 });
  pools.push(p);
  return p;
}
const none = () => ({ type: "none" as const });
const connector = (s: TestServer, transport: string) => ({
  id: `c-${transport}-${s.port}`,
  userId: "u1",
  url: s.url,
  transport,
  updatedAt: new Date(0),
});

async function timed<T>(p: Promise<T>): Promise<{ err: unknown; ms: number }> {
  const started = Date.now();
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  return { err, ms: Date.now() - started };
}

describe("pooled connects end at their deadline", () => {
  it.each([
    ["sse-no-endpoint", "sse"],
    ["hang", "streamable-http"],
    ["hang", "sse"],
  ] as const)("a %s server over %s: listing tools fails with TIMEOUT", async (kind, transport) => {
    const s = await hostile(kind);
    count("probes");
    const { err, ms } = await timed(pool().listTools(connector(s, transport), none, 400));
    expect(err).toMatchObject({ code: "TIMEOUT" });
    expect(ms).toBeLessThan(3_000);
    count("refused");
  });

  it("a tool call's connect has a deadline too", async () => {
    const s = await hostile("sse-no-endpoint");
    count("probes");
    const { err, ms } = await timed(pool().callTool(connector(s, "sse"), none, "t", {}, 400));
    expect(err).toMatchObject({ code: "TIMEOUT" });
    expect(ms).toBeLessThan(3_000);
    count("refused");
  });
});

describe("the caller's signal", () => {
  it("ends the wait for tools while the connection is still being made", async () => {
    const s = await hostile("sse-no-endpoint");
    const stop = new AbortController();
    setTimeout(() => stop.abort(new Error("the chat turn ended")), 100);
    count("probes");
    const { err, ms } = await timed(pool().listTools(connector(s, "sse"), none, 3_000, { signal: stop.signal }));
    expect(err).toMatchObject({ message: "the chat turn ended" });
    expect(ms).toBeLessThan(1_500);
    count("refused");
  });

  it("ends a tool call's wait for its connection", async () => {
    const s = await hostile("hang");
    const stop = new AbortController();
    setTimeout(() => stop.abort(new Error("stopped")), 100);
    const { err, ms } = await timed(
      pool().callTool(connector(s, "streamable-http"), none, "t", {}, 3_000, { signal: stop.signal }),
    );
    expect(err).toMatchObject({ message: "stopped" });
    expect(ms).toBeLessThan(1_500);
  });
});
