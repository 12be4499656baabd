// Repository for OAuth clients registered with authorization servers (one per issuer and
// redirect URI, shared by every user); the client secret arrives and leaves encrypted.
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
