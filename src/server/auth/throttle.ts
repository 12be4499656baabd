// Slows down repeated failed sign-ins. Counters live in the database so that every app
// instance sees the same ones. After SIGNIN_MAX_FAILURES failures within the window a key
// is blocked, for 30 s and doubling with each further failure, at most the window.
import { env } from "@/env";
import { blockUntil, clearThrottle, countFailure, readThrottles } from "@/server/db/throttle";

export function throttleKeys(email: string, ip: string | undefined): string[] {
  return [`email:${email}`, ...(ip ? [`ip:${ip}`] : [])];
}

/** Seconds the caller must still wait, or 0. */
export async function secondsBlocked(keys: string[], now = new Date()): Promise<number> {
  const states = await readThrottles(keys);
  const until = Math.max(0, ...states.map((s) => s.blockedUntil?.getTime() ?? 0));
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

export async function recordFailure(keys: string[], now = new Date()): Promise<void> {
  const { SIGNIN_MAX_FAILURES: max, SIGNIN_WINDOW_SECONDS: window } = env();
  for (const key of keys) {
    const failures = await countFailure(key, window);
    if (failures >= max) {
      const seconds = Math.min(window, 30 * 2 ** (failures - max));
      await blockUntil(key, new Date(now.getTime() + seconds * 1000));
    }
  }
}

export async function recordSuccess(email: string): Promise<void> {
  // Only the account's counter: a shared address (office NAT) keeps its own count.
  await clearThrottle(`email:${email}`);
}
