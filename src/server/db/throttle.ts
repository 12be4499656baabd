import { prisma } from "./client";

export type Attempt = { attempts: number; admitted: boolean; blockedUntil: Date | null };

/**
 * Counts one sign-in attempt under `key` before its password is checked, and decides in
 * the same statement whether it may go ahead: once `max` attempts are counted in the
 * window, one attempt is admitted per backoff period (30 s, doubling, at most the window),
 * so a parallel burst cannot all pass while the first ones are still hashing. The row is
 * locked for the decision, so several app instances agree.
 */
export async function countAttempt(key: string, max: number, windowSeconds: number): Promise<Attempt> {
  const db = prisma();
  await db.$executeRaw`INSERT INTO auth_throttle (key, failures, window_start) VALUES (${key}, 0, now()) ON CONFLICT (key) DO NOTHING`;
  const rows = await db.$queryRaw<{ attempts: number; blocked_until: Date | null; admitted: boolean }[]>`
    WITH prior AS (
      SELECT key,
        window_start < now() - make_interval(secs => ${windowSeconds}::double precision) AS expired,
        blocked_until
      FROM auth_throttle WHERE key = ${key} FOR UPDATE
    ), decided AS (
      SELECT key,
        CASE WHEN expired THEN 1 ELSE (SELECT failures FROM auth_throttle a WHERE a.key = prior.key) + 1 END AS attempts,
        expired,
        NOT expired AND blocked_until IS NOT NULL AND blocked_until > now() AS refused,
        blocked_until
      FROM prior
    )
    UPDATE auth_throttle t SET
      failures = d.attempts,
      window_start = CASE WHEN d.expired THEN now() ELSE t.window_start END,
      blocked_until = CASE
        WHEN d.refused THEN d.blocked_until
        WHEN d.attempts >= ${max} THEN now() + make_interval(secs => least(${windowSeconds}::double precision, 30 * power(2, d.attempts - ${max})))
        ELSE NULL END
    FROM decided d WHERE t.key = d.key
    RETURNING t.failures AS attempts, t.blocked_until, NOT d.refused AS admitted`;
  const row = rows[0]!;
  return { attempts: Number(row.attempts), admitted: row.admitted, blockedUntil: row.blocked_until };
}

/** Takes back one counted attempt (it succeeded), lifting the backoff when under `max` again. */
export async function refundAttempt(key: string, max: number): Promise<void> {
  await prisma().$executeRaw`
    UPDATE auth_throttle SET
      failures = greatest(failures - 1, 0),
      blocked_until = CASE WHEN failures - 1 < ${max} THEN NULL ELSE blocked_until END
    WHERE key = ${key}`;
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
