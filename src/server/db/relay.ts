// Messages between app instances that share one database: whoever records a change (an
// answer, a Stop) publishes it; whoever waits for it is woken at once — by PostgreSQL's
// NOTIFY across processes, by an in-process event otherwise — and also polls the database,
// so a lost notification only delays the wait, never ends it.
import { EventEmitter } from "node:events";
import { database, prisma } from "./client";

export type RelayChannel = "elicitation" | "chat_stop";

const local = new EventEmitter();
local.setMaxListeners(0);

/** Wakes whoever waits on `channel` for `key`, in this process and in the others. */
export async function publish(channel: RelayChannel, key: string): Promise<void> {
  local.emit(`${channel}:${key}`);
  if (database().listen) await prisma().$executeRaw`SELECT pg_notify(${channel}, ${key})`;
}

/** Calls `fn` whenever `key` is published on `channel`; returns the unsubscribe function. */
export async function subscribe(channel: RelayChannel, key: string, fn: () => void): Promise<() => void> {
  const name = `${channel}:${key}`;
  local.on(name, fn);
  const listen = database().listen;
  const off = listen ? await listen(channel, (payload) => payload === key && fn()) : () => undefined;
  return () => {
    local.off(name, fn);
    off();
  };
}

export type WaitOptions = { signal?: AbortSignal; timeoutMs: number; pollMs: number };

/**
 * Resolves with the first non-null result of `check`, run at once, on every publication of
 * `key` and every `pollMs`; null when `timeoutMs` passes; rejects with the signal's reason
 * when it aborts.
 */
export async function waitFor<T>(
  channel: RelayChannel,
  key: string,
  check: () => Promise<T | null>,
  opts: WaitOptions,
): Promise<T | null> {
  opts.signal?.throwIfAborted();
  let wake: () => void = () => undefined;
  const unsubscribe = await subscribe(channel, key, () => wake());
  const until = Date.now() + opts.timeoutMs;
  try {
    for (;;) {
      const found = await check();
      if (found !== null) return found;
      const left = until - Date.now();
      if (left <= 0) return null;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(done, Math.min(opts.pollMs, left));
        function done() {
          clearTimeout(timer);
          opts.signal?.removeEventListener("abort", aborted);
          resolve();
        }
        function aborted() {
          clearTimeout(timer);
          reject(opts.signal?.reason as Error);
        }
        wake = done;
        opts.signal?.addEventListener("abort", aborted, { once: true });
        if (opts.signal?.aborted) aborted();
      });
    }
  } finally {
    unsubscribe();
  }
}
