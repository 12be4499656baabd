// npm run bench: prints performance figures. Nothing here is asserted by the tests.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// Configuration for the benchmark process itself, before any module reads it.
process.env.OUTBOUND_ALLOW = "127.0.0.1";
process.env.LOG_LEVEL = "silent";
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "connectors-bench-"));
process.env.PASSWORD_HASH_COST = "10";

const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
const { StreamableHTTPClientTransport } = await import("@modelcontextprotocol/sdk/client/streamableHttp.js");
const { parseOutboundAllow } = await import("@/server/platform/outbound");
const { validateMcpConnection } = await import("@/server/connectors/validator");
const { loadUserTools } = await import("@/server/agent/toolset");
const { mcpPool } = await import("@/server/connectors/pool");
const { openPglite, useDatabase } = await import("@/server/db/client");
const { insertConnectorWithinLimit } = await import("@/server/db/connectors");
const { signUp } = await import("@/server/auth/accounts");
const { makeTools, startMcpServer } = await import("../tests/support/mcp-servers");

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 60);
const WARMUP = 10;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function time(fn: () => Promise<void>, iterations = ITERATIONS, before?: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) {
    await before?.();
    await fn();
  }
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    await before?.();
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

const print = (lines: string[]) => process.stdout.write(`${lines.join("\n")}\n\n`);

// 1. Connection test overhead against the SDK's bare connect + list tools + close.
{
  const server = await startMcpServer({ tools: makeTools(20) });
  try {
    const bare = await time(async () => {
      const client = new Client({ name: "bench", version: "1" });
      try {
        await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
        await client.listTools();
      } finally {
        await client.close();
      }
    });
    const policy = parseOutboundAllow("127.0.0.1");
    const ours = await time(async () => {
      const r = await validateMcpConnection({ url: server.url, auth: { type: "none" }, policy, timeoutMs: 10_000 });
      if (!r.ok) throw new Error(`connection test failed: ${r.message}`);
    });
    const b = median(bare);
    const o = median(ours);
    print([
      `connection test vs bare SDK (${ITERATIONS} runs each, 20 tools, loopback)`,
      `  bare SDK connect + listTools + close: median ${b.toFixed(2)} ms`,
      `  validateMcpConnection:                median ${o.toFixed(2)} ms`,
      `  ratio: ${(o / b).toFixed(2)}x (target at most 1.20x; the test answers before its client has finished closing)`,
    ]);
  } finally {
    await server.close();
  }
}

// 2. Assembling the agent's toolset: 10 connectors of 20 tools, servers of different speeds.
{
  const db = openPglite();
  await db.migrate();
  useDatabase(db);
  const user = await signUp({ email: "bench@example.com", password: "a long enough password" });
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/bench-servers.ts", "10"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const urls = await new Promise<string[]>((resolve, reject) => {
    child.stdout.once("data", (d: Buffer) => resolve(JSON.parse(d.toString()) as string[]));
    child.once("exit", (code) => reject(new Error(`bench servers exited with ${code}`)));
  });
  const servers = urls.map((url) => ({ url }));
  const records = [];
  for (const [i, s] of servers.entries()) {
    const r = await insertConnectorWithinLimit(
      {
        id: `bench-${i}`,
        userId: user.id,
        name: `Server ${i}`,
        url: s.url,
        transport: "streamable-http",
        authType: "none",
        authMeta: {},
        encryptedCredentials: null,
        keyVersion: null,
        lastTestOk: true,
        lastTestCode: null,
        lastTestAt: new Date(),
        serverName: "bench",
        serverVersion: "1",
        toolsSnapshot: [],
        toolCount: 20,
      },
      10,
    );
    if (!r.ok) throw new Error("could not create the bench connectors");
    records.push(r.connector);
  }
  try {
    const warm = await time(async () => {
      const loaded = await loadUserTools(user.id);
      if (loaded.tools.size !== 200) throw new Error(`expected 200 tools, got ${loaded.tools.size}`);
    });
    const coldRuns = 15;
    const cold = await time(
      () => loadUserTools(user.id).then(() => undefined),
      coldRuns,
      () => mcpPool().closeAll(),
    );
    const slowest = records.at(-1)!;
    const single = await time(
      () =>
        mcpPool()
          .listTools(slowest, () => ({ type: "none" }), 10_000)
          .then(() => undefined),
      coldRuns,
      () => mcpPool().closeAll(),
    );
    print([
      `toolset assembly (10 connectors x 20 tools, server latency 2..20 ms per request)`,
      `  warm pool:  median ${median(warm).toFixed(2)} ms over ${ITERATIONS} runs (target at most 5 ms)`,
      `  cold:       median ${median(cold).toFixed(2)} ms over ${coldRuns} runs`,
      `  slowest single connector, cold: median ${median(single).toFixed(2)} ms`,
      `  cold / slowest single: ${(median(cold) / median(single)).toFixed(2)}x (target at most 1.20x: connectors load in parallel)`,
    ]);
  } finally {
    await mcpPool().closeAll();
    child.kill("SIGTERM");
    await db.close();
  }
}
