// Limits on expensive requests (connection tests make outbound calls), per user and per
// client address, counted in the database so every app instance enforces the same limit.
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import { hitRateLimit } from "@/server/db/throttle";

const WINDOW_SECONDS = 60;

export async function limitConnectionTests(userId: string, ip: string | undefined): Promise<void> {
  const perMinute = env().CONNECTION_TESTS_PER_MINUTE;
  const keys = [`tests:user:${userId}`, ...(ip ? [`tests:ip:${ip}`] : [])];
  const limits = [perMinute, perMinute * 3]; // an address may carry several users
  for (const [i, key] of keys.entries()) {
    const { count, resetAt } = await hitRateLimit(key, WINDOW_SECONDS);
    if (count > limits[i]!) {
      const wait = Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 1000));
      throw new AppError("RATE_LIMITED", `Too many connection tests. Try again in ${wait} s.`, {
        details: { retryAfter: wait },
      });
    }
  }
}

/** Account creation per client address, so one address cannot mass-create accounts. */
export async function limitSignUps(ip: string | undefined): Promise<void> {
  if (!ip) return;
  const perHour = env().SIGNUPS_PER_HOUR;
  const { count, resetAt } = await hitRateLimit(`signup:ip:${ip}`, 3600);
  if (count > perHour) {
    const minutes = Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 60_000));
    throw new AppError(
      "RATE_LIMITED",
      `Too many accounts were created from your address. Try again in ${minutes} min.`,
      { details: { retryAfter: minutes * 60 } },
    );
  }
}

async function limitPerMinute(key: string, perMinute: number, what: string): Promise<void> {
  const { count, resetAt } = await hitRateLimit(key, WINDOW_SECONDS);
  if (count > perMinute) {
    const wait = Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 1000));
    throw new AppError("RATE_LIMITED", `Too many ${what}. Try again in ${wait} s.`, {
      details: { retryAfter: wait },
    });
  }
}

/** Chat turns per user (each one is a model call and maybe several tool calls). */
export async function limitChatTurns(userId: string): Promise<void> {
  await limitPerMinute(`chat:user:${userId}`, env().CHAT_TURNS_PER_MINUTE, "messages");
}

/** Tools run directly or after a confirmation, per user. */
export async function limitToolRuns(userId: string): Promise<void> {
  await limitPerMinute(`tools:user:${userId}`, env().TOOL_RUNS_PER_MINUTE, "tool runs");
}
