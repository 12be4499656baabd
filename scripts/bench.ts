// npm run bench: prints performance figures. Nothing here is asserted by the tests.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// Configuration for the benchmark process itself, before any module reads it.
process.env.OUTBOUND_ALLOW = "127.0.0.1";
process.env.LOG_LEVEL = "silent";
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "connectors-bench-"));
process.env.PASSWORD_HASH_COST = "10";

const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
const { ITERATIONS, median, print, target, timeInterleaved } = await import("./bench/util");
const { runTurnBench } = await import("./bench/turn");
const { runSearchBench } = await import("./bench/search");
const { StreamableHTTPClientTransport } = await import("@modelcontextprotocol/sdk/client/streamableHttp.js");
const { parseOutboundAllow } = await import("@/server/platform/outbound");
const { validateMcpConnection } = await import("@/server/connectors/validator");
const { makeTools, startMcpServer } = await import("../tests/support/mcp-servers");

// 1. Connection test overhead against the SDK's bare connect + list tools + close.
{
  const server = await startMcpServer({ tools: makeTools(20) });
  try {
    const policy = parseOutboundAllow("127.0.0.1");
    const [bare, ours] = await timeInterleaved(
      async () => {
        const client = new Client({ name: "bench", version: "1" });
        try {
          await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
          await client.listTools();
        } finally {
          await client.close();
        }
      },
      async () => {
        const r = await validateMcpConnection({ url: server.url, auth: { type: "none" }, policy, timeoutMs: 10_000 });
        if (!r.ok) throw new Error(`connection test failed: ${r.message}`);
      },
    );
    const b = median(bare);
    const o = median(ours);
    print([
      `connection test vs bare SDK (${ITERATIONS} interleaved runs each, 20 tools, loopback)`,
      `  bare SDK connect + listTools + close: median ${b.toFixed(2)} ms`,
      `  validateMcpConnection:                median ${o.toFixed(2)} ms`,
      `  ratio: ${(o / b).toFixed(2)}x (the test answers before its client has finished closing)`,
      target("at most 1.20x", o / b <= 1.2),
    ]);
  } finally {
    await server.close();
  }
}

// 2. The agent turn: first byte with hanging connectors, toolset assembly.
await runTurnBench();

// 3. Tool search: recall@5 over real tool definitions, tokens per request.
runSearchBench();
