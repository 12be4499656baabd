// One refresh at a time per sign-in within this process: concurrent callers share the
// promise of the first. Rotating refresh tokens make a second, parallel refresh burn the
// token the first one just received.
const inflight = new Map<string, Promise<unknown>>();

export function singleFlight<T>(key: string, run: () => Promise<T>): Promise<T> {
  const running = inflight.get(key) as Promise<T> | undefined;
  if (running) return running;
  const p = run().finally(() => inflight.delete(key));
  inflight.set(key, p);
  return p;
}
