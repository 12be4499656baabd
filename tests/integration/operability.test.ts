// What a load balancer, a scraper and an orchestrator's SIGTERM see: health, metrics and a
// graceful shutdown that drains streams (bounded) and ends pooled MCP sessions.
import { spawn } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { GET as metrics } from "@/app/api/metrics/route";
import { resetEnvForTests } from "@/env";
import { mcpPool } from "@/server/connectors/pool";
import { reportConnectorOutcome } from "@/server/connectors/health";
import { database, useDatabase } from "@/server/db/client";
import { isDraining, onShutdown, resetLifecycleForTests, shutdown, trackStream } from "@/server/platform/lifecycle";
import { resetMetricsForTests } from "@/server/platform/metrics";
import { createTestDatabase } from "../support/db";
import { startMcpServer, type TestServer } from "../support/mcp-servers";
import { signedInCaller } from "../support/trpc";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let mcp: TestServer;
const TOKEN = "metrics-token-0123456789";

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabase(handle.db);
  mcp = await startMcpServer();
});
afterEach(() => {
  delete process.env.METRICS_TOKEN;
  resetEnvForTests();
  resetLifecycleForTests();
});
afterAll(async () => {
  await mcpPool().closeAll();
  await mcp.close();
  useDatabase(undefined);
  await handle.drop().catch(() => undefined);
});

describe("GET /api/health", () => {
  it("answers 200 when the database answers and every migration is applied, 503 otherwise", async () => {
    const ok = await health();
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      status: "ok",
      database: process.env.TEST_DATABASE_URL ? "postgres" : "pglite",
    });
    expect(ok.headers.get("cache-control")).toBe("no-store");

    const [last] = await database().sql.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`,
    );
    await database().sql.query(`UPDATE "_prisma_migrations" SET finished_at = NULL WHERE migration_name = $1`, [
      last!.migration_name,
    ]);
    const pending = await health();
    expect(pending.status).toBe(503);
    expect(await pending.json()).toEqual({ status: "unavailable", reason: "migrations pending", pending: 1 });
    await database().sql.query(`UPDATE "_prisma_migrations" SET finished_at = now() WHERE migration_name = $1`, [
      last!.migration_name,
    ]);
    expect((await health()).status).toBe(200);
  });

  it("answers 503 while the process drains for shutdown", async () => {
    await shutdown(0);
    expect(isDraining()).toBe(true);
    const res = await health();
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "unavailable", reason: "shutting down" });
  });
});

describe("GET /api/metrics", () => {
  const scrape = (authorization?: string) =>
    Promise.resolve(
      metrics(new Request("http://localhost:3000/api/metrics", { headers: authorization ? { authorization } : {} })),
    );

  it("does not exist without METRICS_TOKEN, and wants the token when it is set", async () => {
    expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(404);
    process.env.METRICS_TOKEN = TOKEN;
    resetEnvForTests();
    expect((await scrape()).status).toBe(401);
    expect((await scrape("Bearer wrong-token-0123456789")).status).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}x`)).status).toBe(401);
  });

  it("counts tool calls with their latency, connector failures and the pool's size", async () => {
    resetMetricsForTests();
    process.env.METRICS_TOKEN = TOKEN;
    resetEnvForTests();
    const { caller, user } = await signedInCaller();
    const { id } = await caller.connectors.create({ name: "Echo", url: mcp.url, auth: { type: "none" } });
    const tool = (await caller.agent.availableTools()).find((t) => t.selection.kind === "connector")!;
    await caller.agent.runTool({ conversationId: "metrics", selection: tool.selection, args: {} });
    await reportConnectorOutcome(user.id, id, false, "TIMEOUT", "no answer");
    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^connectors_tool_calls_total\{outcome="ok",source="connector"\} 1$/m);
    expect(text).toMatch(/^connectors_tool_call_duration_ms_count\{source="connector"\} 1$/m);
    expect(text).toMatch(/^connectors_tool_call_duration_ms_bucket\{source="connector",le="\+Inf"\} 1$/m);
    expect(text).toMatch(/^connectors_connector_failures_total\{code="TIMEOUT"\} 1$/m);
    expect(text).toMatch(/^connectors_mcp_pool_sessions 1$/m);
    expect(text).toMatch(/^connectors_chat_streams_in_flight 0$/m);
    expect(text).toContain("# TYPE connectors_tool_call_duration_ms histogram");
  });
});

function slowBody(chunks: string[], gapMs: number, signal?: AbortSignal): Response {
  return new Response(
    new ReadableStream<Uint8Array>({
      async start(c) {
        for (const chunk of chunks) {
          if (signal?.aborted) return c.error(signal.reason);
          await new Promise((r) => setTimeout(r, gapMs));
          c.enqueue(new TextEncoder().encode(chunk));
        }
        c.close();
      },
    }),
  );
}

describe("graceful shutdown", () => {
  it("lets streams in flight finish, then ends pooled MCP sessions", async () => {
    const { caller } = await signedInCaller();
    await caller.connectors.create({ name: "Pooled", url: mcp.url, auth: { type: "none" } });
    const tool = (await caller.agent.availableTools()).find((t) => t.selection.kind === "connector")!;
    await caller.agent.runTool({ conversationId: "pooled", selection: tool.selection, args: {} });
    expect(mcpPool().size()).toBeGreaterThan(0);
    const closed: string[] = [];
    onShutdown("mcp sessions", async () => {
      await mcpPool().closeAll();
      closed.push("mcp");
    });
    const res = trackStream(new AbortController(), slowBody(["a", "b", "c"], 50));
    const reading = res.text();
    await shutdown(5_000);
    expect(await reading).toBe("abc");
    expect(closed).toEqual(["mcp"]);
    expect(mcpPool().size()).toBe(0);
  });

  it("on SIGTERM, the process exits only after streams drained and sessions closed", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "tests/support/shutdown-child.ts"], {
      env: { ...process.env, LOG_LEVEL: "silent", SHUTDOWN_DRAIN_MS: "5000" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out === "ready\n") child.kill("SIGTERM");
    });
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(0);
    expect(out).toBe("ready\nstreamed\nsessions closed\n");
  }, 60_000);

  it("stops streams that outlast the drain time", async () => {
    const stop = new AbortController();
    const res = trackStream(stop, slowBody(Array<string>(100).fill("x"), 50, stop.signal));
    const reading = res.text().catch((err: Error) => `stopped: ${err.message}`);
    const started = Date.now();
    await shutdown(200);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(stop.signal.aborted).toBe(true);
    expect(await reading).toBe("stopped: The server is shutting down.");
  });
});
