import { env } from "@/env";
import { AppError } from "@/lib/errors";
import { SignInRequest, type SignUpRequest, type SignUpResponse } from "@/lib/schemas/auth";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { recordFailure, recordSuccess, secondsBlocked, throttleKeys } from "@/server/auth/throttle";
import { findUserByEmail, insertUser } from "@/server/db/users";
import { logger } from "@/server/platform/log";

export async function signUp(input: SignUpRequest): Promise<SignUpResponse> {
  const passwordHash = await hashPassword(input.password, env().PASSWORD_HASH_COST);
  const user = await insertUser({ email: input.email, name: input.name || undefined, passwordHash });
  if (!user) {
    logger().info({ event: "auth.sign_up", outcome: "email_taken" }, "sign-up refused");
    throw new AppError("EMAIL_TAKEN", "An account with this email already exists. Sign in instead.");
  }
  logger().info({ event: "auth.sign_up", outcome: "ok", userId: user.id }, "user signed up");
  return { id: user.id, email: user.email };
}

// Hash compared against when the email is unknown, so both paths take the same time.
let decoyHash: Promise<string> | undefined;

export type AuthenticatedUser = { id: string; email: string; name: string | null };

export async function authenticate(raw: unknown, ip: string | undefined): Promise<AuthenticatedUser> {
  const parsed = SignInRequest.safeParse(raw);
  if (!parsed.success) throw new AppError("VALIDATION", "Enter a valid email address and your password.");
  const { email, password } = parsed.data;
  const keys = throttleKeys(email, ip);
  const wait = await secondsBlocked(keys);
  if (wait > 0) {
    logger().warn({ event: "auth.sign_in", outcome: "throttled" }, "sign-in throttled");
    throw new AppError("RATE_LIMITED", `Too many failed sign-ins. Try again in ${wait} s.`, {
      details: { retryAfter: wait },
    });
  }
  const user = await findUserByEmail(email);
  decoyHash ??= hashPassword("decoy password", env().PASSWORD_HASH_COST);
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash));
  if (!user || !user.passwordHash || !ok) {
    await recordFailure(keys);
    logger().info({ event: "auth.sign_in", outcome: "invalid_credentials" }, "sign-in failed");
    throw new AppError("INVALID_CREDENTIALS", "Wrong email or password.");
  }
  await recordSuccess(email);
  logger().info({ event: "auth.sign_in", outcome: "ok", userId: user.id }, "user signed in");
  return { id: user.id, email: user.email, name: user.name };
}
