import { prisma } from "./client";

export type ThrottleState = { failures: number; blockedUntil: Date | null };

export async function readThrottles(keys: string[]): Promise<ThrottleState[]> {
  return prisma().authThrottle.findMany({
    where: { key: { in: keys } },
    select: { failures: true, blockedUntil: true },
  });
}

/**
 * Counts one failure atomically (several app instances may count at once). A failure
 * after the window has passed starts a new window.
 */
export async function countFailure(key: string, windowSeconds: number): Promise<number> {
  const rows = await prisma().$queryRaw<{ failures: number }[]>`
    INSERT INTO auth_throttle (key, failures, window_start)
    VALUES (${key}, 1, now())
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN auth_throttle.window_start < now() - make_interval(secs => ${windowSeconds}::double precision) THEN 1 ELSE auth_throttle.failures + 1 END,
      window_start = CASE WHEN auth_throttle.window_start < now() - make_interval(secs => ${windowSeconds}::double precision) THEN now() ELSE auth_throttle.window_start END,
      blocked_until = CASE WHEN auth_throttle.window_start < now() - make_interval(secs => ${windowSeconds}::double precision) THEN NULL ELSE auth_throttle.blocked_until END
    RETURNING failures`;
  return rows[0]?.failures ?? 1;
}

export async function blockUntil(key: string, until: Date): Promise<void> {
  await prisma().authThrottle.update({ where: { key }, data: { blockedUntil: until } });
}

export async function clearThrottle(key: string): Promise<void> {
  await prisma().authThrottle.deleteMany({ where: { key } });
}

/**
 * Counts one request against a fixed window, atomically; returns the count in the
 * current window and when the window ends.
 */
export async function hitRateLimit(key: string, windowSeconds: number): Promise<{ count: number; resetAt: Date }> {
  const rows = await prisma().$queryRaw<{ count: number; window_start: Date }[]>`
    INSERT INTO rate_limits (key, window_start, count) VALUES (${key}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limits.window_start < now() - make_interval(secs => ${windowSeconds}::double precision) THEN 1 ELSE rate_limits.count + 1 END,
      window_start = CASE WHEN rate_limits.window_start < now() - make_interval(secs => ${windowSeconds}::double precision) THEN now() ELSE rate_limits.window_start END
    RETURNING count, window_start`;
  const row = rows[0]!;
  return { count: Number(row.count), resetAt: new Date(row.window_start.getTime() + windowSeconds * 1000) };
}
