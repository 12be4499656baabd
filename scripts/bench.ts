// npm run bench: prints performance figures. Nothing here is asserted by the tests.
//
// Connection test overhead: against one local MCP server, the full connection test
// (URL and address checks, guarded fetch, steps) compared with the SDK's bare
// connect + list tools + close.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { parseOutboundAllow } from "@/server/connectors/outbound";
import { validateMcpConnection } from "@/server/connectors/validator";
import { makeTools, startMcpServer } from "../tests/support/mcp-servers";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 60);
const WARMUP = 10;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function time(fn: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

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
  process.stdout.write(
    [
      `connection test vs bare SDK (${ITERATIONS} runs each, 20 tools, loopback)`,
      `  bare SDK connect + listTools + close: median ${b.toFixed(2)} ms`,
      `  validateMcpConnection:                median ${o.toFixed(2)} ms`,
      `  ratio: ${(o / b).toFixed(2)}x (target at most 1.20x; the test answers before its client has finished closing)`,
      "",
    ].join("\n"),
  );
} finally {
  await server.close();
}
