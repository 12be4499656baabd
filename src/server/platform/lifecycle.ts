// Graceful shutdown. On SIGTERM the app stops taking new chats (health answers 503 so a
// load balancer moves traffic away), lets the answers being streamed finish for at most
// SHUTDOWN_DRAIN_MS, stops the rest, then runs the registered closers (pooled MCP sessions,
// the database) before the process exits.
import { env } from "@/env";
import { logger } from "@/server/platform/log";

type State = {
  draining: boolean;
  inFlight: Set<AbortController>;
  idle: Set<() => void>;
  closers: { name: string; close: () => Promise<void> }[];
};

const KEY = Symbol.for("connectors.lifecycle");

function state(): State {
  const g = globalThis as typeof globalThis & { [KEY]?: State };
  g[KEY] ??= { draining: false, inFlight: new Set(), idle: new Set(), closers: [] };
  return g[KEY];
}

export function isDraining(): boolean {
  return state().draining;
}

export function inFlightCount(): number {
  return state().inFlight.size;
}

/** Something to close at shutdown, after the streams have drained. */
export function onShutdown(name: string, close: () => Promise<void>): void {
  const s = state();
  if (!s.closers.some((c) => c.name === name)) s.closers.push({ name, close });
}

/**
 * Tracks a streamed response until its body ends. Returns the signal to stop its work
 * with when the drain deadline passes, and the response to send.
 */
export function trackStream(controller: AbortController, res: Response): Response {
  const s = state();
  if (!res.body) return res;
  s.inFlight.add(controller);
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    s.inFlight.delete(controller);
    if (s.inFlight.size === 0) for (const resolve of s.idle) resolve();
  };
  const reader = res.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(c) {
      try {
        const { done: end, value } = await reader.read();
        if (end) {
          finish();
          c.close();
        } else c.enqueue(value);
      } catch (err) {
        finish();
        c.error(err);
      }
    },
    async cancel(reason) {
      finish();
      await reader.cancel(reason);
    },
  });
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

function drained(ms: number): Promise<boolean> {
  const s = state();
  if (s.inFlight.size === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      s.idle.delete(onIdle);
      resolve(false);
    }, ms);
    const onIdle = () => {
      clearTimeout(timer);
      s.idle.delete(onIdle);
      resolve(true);
    };
    s.idle.add(onIdle);
  });
}

let shuttingDown: Promise<void> | undefined;

/** Drains (bounded) and closes; safe to call more than once. */
export function shutdown(drainMs = env().SHUTDOWN_DRAIN_MS): Promise<void> {
  shuttingDown ??= (async () => {
    const s = state();
    s.draining = true;
    const streams = s.inFlight.size;
    logger().info({ event: "server.draining", streams, drainMs }, "shutting down");
    if (!(await drained(drainMs))) {
      logger().warn({ event: "server.drain_timeout", streams: s.inFlight.size }, "stopping unfinished streams");
      for (const c of s.inFlight) c.abort(new Error("The server is shutting down."));
      await drained(1_000);
    }
    for (const closer of s.closers) {
      await closer
        .close()
        .catch((err: unknown) => logger().warn({ event: "server.close_failed", name: closer.name, err }));
    }
    logger().info({ event: "server.stopped" }, "shut down");
  })();
  return shuttingDown;
}

/**
 * Runs `shutdown` on SIGTERM/SIGINT. Next's own handler exits once its HTTP server has
 * closed, which can be before the MCP sessions are ended: its exit waits for ours.
 */
export function handleShutdownSignals(): void {
  const exit = process.exit.bind(process);
  const onSignal = () => {
    const done = shutdown();
    process.exit = ((code?: number) => {
      void done.then(() => exit(code));
    }) as typeof process.exit;
    void done.then(() => setTimeout(() => exit(0), 2_000).unref());
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}

/** Back to a fresh state (tests). */
export function resetLifecycleForTests(): void {
  const s = state();
  s.draining = false;
  s.inFlight.clear();
  s.idle.clear();
  s.closers.length = 0;
  shuttingDown = undefined;
}
