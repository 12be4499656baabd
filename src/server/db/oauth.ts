// Repository for OAuth connectors: clients registered per authorization server, connector
// sign-in attempts, and the refresh lease that lets one app instance at a time refresh a
// connector's tokens. Everything secret arrives and leaves encrypted.
import type { Prisma } from "./generated/client";
import { prisma } from "./client";
import { isUniqueViolation } from "./errors";

export async function findOAuthClient(
  issuer: string,
  redirectUri: string,
): Promise<{ id: string; encryptedClient: string } | null> {
  return prisma().oAuthClient.findUnique({
    where: { issuer_redirectUri: { issuer, redirectUri } },
    select: { id: true, encryptedClient: true },
  });
}

/** Keeps the first client registered for this server: a concurrent registration loses and reads it. */
export async function saveOAuthClient(data: {
  issuer: string;
  redirectUri: string;
  encryptedClient: string;
  keyVersion: number;
}): Promise<boolean> {
  try {
    await prisma().oAuthClient.create({ data });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

export async function oauthClientsWithKeyBelow(version: number, afterId: string | undefined, take: number) {
  const rows = await prisma().oAuthClient.findMany({
    where: { keyVersion: { lt: version }, ...(afterId ? { id: { gt: afterId } } : {}) },
    select: { id: true, issuer: true, redirectUri: true, encryptedClient: true },
    orderBy: { id: "asc" },
    take,
  });
  return rows.map((r) => ({ ...r, userId: "app" }));
}

export async function replaceOAuthClientCiphertext(
  id: string,
  expected: string,
  encryptedClient: string,
  keyVersion: number,
): Promise<boolean> {
  const res = await prisma().oAuthClient.updateMany({
    where: { id, encryptedClient: expected },
    data: { encryptedClient, keyVersion },
  });
  return res.count === 1;
}

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
  data: Omit<AttemptRecord, "encryptedResult" | "completedAt"> & { encryptedResult: string },
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

/**
 * Takes the connector's refresh lease if nobody holds it. The lease expires by itself,
 * so an instance that dies mid-refresh does not block the others for long.
 */
export async function claimRefreshLease(userId: string, id: string, leaseMs: number): Promise<boolean> {
  const now = new Date();
  const res = await prisma().userMCPConnection.updateMany({
    where: { id, userId, OR: [{ refreshLockUntil: null }, { refreshLockUntil: { lt: now } }] },
    data: { refreshLockUntil: new Date(now.getTime() + leaseMs) },
  });
  return res.count === 1;
}

/** Ends the lease, storing what the refresh produced (if anything) in the same write. */
export async function releaseRefreshLease(
  userId: string,
  id: string,
  outcome: { encryptedCredentials: string; keyVersion: number } | { needsSignIn: true; authMeta: unknown } | null,
): Promise<void> {
  const data: Prisma.UserMCPConnectionUpdateManyMutationInput = { refreshLockUntil: null };
  if (outcome && "encryptedCredentials" in outcome) Object.assign(data, outcome);
  if (outcome && "needsSignIn" in outcome)
    Object.assign(data, { needsSignIn: true, authMeta: outcome.authMeta as Prisma.InputJsonValue });
  await prisma().userMCPConnection.updateMany({ where: { id, userId }, data });
}
