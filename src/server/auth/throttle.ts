// Slows down password guessing without locking an account's owner out. Every attempt is
// counted in the database (every app instance sees the same counters) before its password
// is checked, so a parallel burst cannot slip past while the first guesses are hashing.
// - per address, and per account from one address: after SIGNIN_MAX_FAILURES attempts in
//   the window, one attempt per backoff period (30 s, doubling, at most the window);
// - per account from anywhere: a growing delay before the answer (at most 8 s), never a
//   refusal, so guessing from many addresses is slow but the owner always gets in.
import { setTimeout as sleep } from "node:timers/promises";
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import { clearThrottle, countAttempt, refundAttempt } from "@/server/db/throttle";

const MAX_ACCOUNT_DELAY_MS = 8_000;

export type SignInAttempt = { email: string; ip: string | undefined };

function hardKeys({ email, ip }: SignInAttempt): string[] {
  return [...(ip ? [`ip:${ip}`] : []), `email:${email}|ip:${ip ?? "unknown"}`];
}

/** Delay imposed on the account's n-th counted attempt in the window. */
export function accountDelayMs(attempts: number, max: number): number {
  return attempts <= max ? 0 : Math.min(MAX_ACCOUNT_DELAY_MS, 500 * 2 ** (attempts - max - 1));
}

/**
 * Counts the attempt and waits out the account's slow-down; throws RATE_LIMITED when this
 * address must wait. Call before verifying the password.
 */
export async function admitSignIn(attempt: SignInAttempt, wait = sleep): Promise<void> {
  const { SIGNIN_MAX_FAILURES: max, SIGNIN_WINDOW_SECONDS: window } = env();
  let retryAfter = 0;
  for (const key of hardKeys(attempt)) {
    const counted = await countAttempt(key, max, window);
    if (!counted.admitted && counted.blockedUntil)
      retryAfter = Math.max(retryAfter, Math.ceil((counted.blockedUntil.getTime() - Date.now()) / 1000));
  }
  if (retryAfter > 0) {
    throw new AppError("RATE_LIMITED", `Too many failed sign-ins. Try again in ${retryAfter} s.`, {
      details: { retryAfter },
    });
  }
  const account = await countAttempt(`email:${attempt.email}`, max, window);
  const delay = accountDelayMs(account.attempts, max);
  if (delay > 0) await wait(delay);
}

/** The attempt succeeded: the account's counters start again; the address keeps the rest of its count. */
export async function signInSucceeded(attempt: SignInAttempt): Promise<void> {
  const { SIGNIN_MAX_FAILURES: max } = env();
  if (attempt.ip) await refundAttempt(`ip:${attempt.ip}`, max);
  await clearThrottle(hardKeys(attempt).at(-1)!);
  await clearThrottle(`email:${attempt.email}`);
}
