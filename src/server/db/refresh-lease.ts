// The refresh lease of an OAuth connector: one app instance at a time refreshes its tokens.
import { prisma } from "./client";
import type { Prisma } from "./generated/client";

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
