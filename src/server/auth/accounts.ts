import { env } from "@/env";
import { AppError } from "@/lib/errors";
import { SignInRequest, type SignUpRequest, type SignUpResponse } from "@/lib/schemas/auth";
import { hashCost, hashPassword, verifyPassword } from "@/server/auth/password";
import { admitSignIn, signInSucceeded } from "@/server/auth/throttle";
import { bumpSessionVersion, findUserByEmail, findUserById, insertUser, replacePasswordHash } from "@/server/db/users";
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

export type AuthenticatedUser = { id: string; email: string; name: string | null; sessionVersion: number };

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
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}

/**
 * Changes a signed-in user's password after checking the current one (throttled like a
 * sign-in) and ends every session, this one included: the browser signs in again with
 * the new password.
 */
export async function changePassword(
  userId: string,
  input: { currentPassword: string; newPassword: string },
  ip: string | undefined,
): Promise<void> {
  const user = await findUserById(userId);
  if (!user) throw new AppError("UNAUTHENTICATED", "Your account no longer exists.");
  if (!user.passwordHash)
    throw new AppError("VALIDATION", "This account signs in with GitHub or Google and has no password to change.");
  const attempt = { email: user.email, ip };
  await admitSignIn(attempt);
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    logger().info({ event: "auth.password_change", outcome: "wrong_password", userId }, "password change refused");
    throw new AppError("INVALID_CREDENTIALS", "The current password is wrong.");
  }
  await signInSucceeded(attempt);
  await bumpSessionVersion(userId, await hashPassword(input.newPassword, env().PASSWORD_HASH_COST));
  logger().info({ event: "auth.password_change", outcome: "ok", userId }, "password changed, sessions ended");
}

/** Ends every session of the user, on every device. */
export async function signOutEverywhere(userId: string): Promise<void> {
  await bumpSessionVersion(userId);
  logger().info({ event: "auth.sign_out_everywhere", userId }, "all sessions ended");
}
