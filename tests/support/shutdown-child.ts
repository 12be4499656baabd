// Child process for the shutdown test: a stream in flight, a closer that takes a while,
// and a SIGTERM listener that exits as soon as it can, as Next's own does.
import { handleShutdownSignals, onShutdown, trackStream } from "@/server/platform/lifecycle";

const res = trackStream(
  new AbortController(),
  new Response(
    new ReadableStream({
      async start(c) {
        await new Promise((r) => setTimeout(r, 300));
        c.enqueue(new TextEncoder().encode("streamed"));
        c.close();
      },
    }),
  ),
);
void res.text().then((t) => process.stdout.write(`${t}\n`));
onShutdown("mcp sessions", async () => {
  await new Promise((r) => setTimeout(r, 200));
  process.stdout.write("sessions closed\n");
});
// Registered first and exiting after an await, as Next's start-server does.
process.on("SIGTERM", () => void Promise.resolve().then(() => process.exit(0)));
handleShutdownSignals();
process.stdout.write("ready\n");
setInterval(() => undefined, 1_000);
