// Child process of `npm run bench`: hosts the benchmark's MCP servers (and the fake model),
// so their work does not share the measured process's event loop (real servers are remote).
// Arguments: how many well-behaved servers, how many that accept connections and never
// answer. Prints {"urls": [...], "hanging": [...], "model": "http://…/v1"}.
import { startFakeModel } from "../tests/support/fake-openai";
import { makeTools, startHostileServer, startMcpServer } from "../tests/support/mcp-servers";

const count = Number(process.argv[2] ?? 10);
const hangingCount = Number(process.argv[3] ?? 0);
const servers = await Promise.all(
  Array.from({ length: count }, (_, i) => startMcpServer({ tools: makeTools(20, `s${i}`), delayMs: (i + 1) * 2 })),
);
const hanging = await Promise.all(Array.from({ length: hangingCount }, () => startHostileServer("hang")));
const model = await startFakeModel();
process.stdout.write(
  `${JSON.stringify({ urls: servers.map((s) => s.url), hanging: hanging.map((s) => s.url), model: model.url })}\n`,
);
process.on(
  "SIGTERM",
  () => void Promise.all([...servers, ...hanging, model].map((s) => s.close())).then(() => process.exit(0)),
);
