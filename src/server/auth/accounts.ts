import { env } from "@/env";
import { AppError } from "@/lib/errors";
import { SignInRequest, type SignUpRequest, type SignUpResponse } from "@/lib/schemas/auth";
import { hashCost, hashPassword, verifyPassword } from "@/server/auth/password";
import { admitSignIn, signInSucceeded } from "@/server/auth/throttle";
import { findUserByEmail, insertUser, replacePasswordHash } from "@/server/db/users";
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
  const attempt = { email, ip };
  try {
    await admitSignIn(attempt);
  } catch (err) {
    logger().warn({ event: "auth.sign_in", outcome: "throttled" }, "sign-in throttled");
    throw err;
  }
  const user = await findUserByEmail(email);
  const cost = env().PASSWORD_HASH_COST;
  decoyHash ??= hashPassword("decoy password", cost);
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash));
  if (!user || !user.passwordHash || !ok) {
    logger().info({ event: "auth.sign_in", outcome: "invalid_credentials" }, "sign-in failed");
    throw new AppError("INVALID_CREDENTIALS", "Wrong email or password.");
  }
  await signInSucceeded(attempt);
  // Hashes made at a lower cost are upgraded while the password is at hand.
  if (hashCost(user.passwordHash) < cost) {
    await replacePasswordHash(user.id, user.passwordHash, await hashPassword(password, cost));
    logger().info({ event: "auth.rehash", userId: user.id, cost }, "password hash upgraded");
  }
  logger().info({ event: "auth.sign_in", outcome: "ok", userId: user.id }, "user signed in");
  return { id: user.id, email: user.email, name: user.name };
}
