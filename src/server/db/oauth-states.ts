// Repository for sign-ins in progress (the `state` of an OAuth authorization request):
// created when the popup opens, claimed once by the callback, kept until used or expired.
// Everything secret arrives and leaves encrypted.
import { prisma } from "./client";
import type { Prisma } from "./generated/client";

export type AttemptRecord = {
  state: string;
  userId: string;
  purpose: string;
  codeVerifier: string;
  redirectUri: string;
  context: unknown;
  encryptedResult: string | null;
  completedAt: Date | null;
  expiresAt: Date;
};

export async function createAttempt(
  data: Omit<AttemptRecord, "encryptedResult" | "completedAt"> & { encryptedResult?: string | null },
): Promise<void> {
  await prisma().oAuthState.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  await prisma().oAuthState.create({ data: { ...data, context: data.context as Prisma.InputJsonValue } });
}

/** A pending attempt of this user, claimed once: a replayed callback finds nothing. */
export async function claimPendingAttempt(
  userId: string,
  state: string,
  purpose: string,
): Promise<AttemptRecord | null> {
  const row = await prisma().oAuthState.findFirst({
    where: { state, userId, purpose, completedAt: null, expiresAt: { gt: new Date() } },
  });
  if (!row) return null;
  const claimed = await prisma().oAuthState.updateMany({
    where: { state, completedAt: null },
    data: { completedAt: new Date() },
  });
  return claimed.count === 1 ? row : null;
}

export async function storeAttemptResult(state: string, encryptedResult: string): Promise<void> {
  await prisma().oAuthState.updateMany({ where: { state }, data: { encryptedResult } });
}

/** A finished sign-in of this user that has not expired. */
export async function findCompletedAttempt(
  userId: string,
  state: string,
  purpose: string,
): Promise<AttemptRecord | null> {
  return prisma().oAuthState.findFirst({
    where: { state, userId, purpose, completedAt: { not: null }, expiresAt: { gt: new Date() } },
  });
}

export async function deleteAttempt(userId: string, state: string): Promise<void> {
  await prisma().oAuthState.deleteMany({ where: { state, userId } });
}

/** Marks an attempt used whoever it belongs to: a state presented by the wrong account leaked. */
export async function spendAttempt(state: string): Promise<void> {
  await prisma().oAuthState.updateMany({ where: { state, completedAt: null }, data: { completedAt: new Date() } });
}
