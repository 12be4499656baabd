// Child process of `npm run bench`: hosts the benchmark's MCP servers, so their work does
// not share the measured process's event loop (real servers are remote).
import { makeTools, startMcpServer } from "../tests/support/mcp-servers";

const count = Number(process.argv[2] ?? 10);
const servers = await Promise.all(
  Array.from({ length: count }, (_, i) => startMcpServer({ tools: makeTools(20, `s${i}`), delayMs: (i + 1) * 2 })),
);
process.stdout.write(`${JSON.stringify(servers.map((s) => s.url))}\n`);
process.on("SIGTERM", () => void Promise.all(servers.map((s) => s.close())).then(() => process.exit(0)));
