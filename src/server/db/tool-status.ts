// Repository for system tools' connection status per user, and their encrypted tokens.
import { prisma } from "./client";

export type ToolStatusRecord = {
  toolId: string;
  connected: boolean;
  connectedAt: Date | null;
  encryptedTokens: string | null;
  keyVersion: number | null;
  account: string | null;
};

const statusSelect = {
  toolId: true,
  connected: true,
  connectedAt: true,
  encryptedTokens: true,
  keyVersion: true,
  account: true,
} as const;

export async function listToolStatus(userId: string): Promise<ToolStatusRecord[]> {
  return prisma().userToolStatus.findMany({ where: { userId }, select: statusSelect });
}

export async function findToolStatus(userId: string, toolId: string): Promise<ToolStatusRecord | null> {
  return prisma().userToolStatus.findUnique({ where: { userId_toolId: { userId, toolId } }, select: statusSelect });
}

export async function saveToolStatus(
  userId: string,
  toolId: string,
  data: { connected: boolean; encryptedTokens?: string | null; keyVersion?: number | null; account?: string | null },
): Promise<ToolStatusRecord> {
  const connectedAt = data.connected ? new Date() : null;
  return prisma().userToolStatus.upsert({
    where: { userId_toolId: { userId, toolId } },
    create: { userId, toolId, ...data, connectedAt },
    update: { ...data, ...(data.connected ? {} : { connectedAt: null }) },
    select: statusSelect,
  });
}

/** Replaces stored tokens only if they are still the ones that were read. */
export async function replaceToolTokens(
  userId: string,
  toolId: string,
  expected: string,
  encryptedTokens: string,
  keyVersion: number,
): Promise<boolean> {
  const res = await prisma().userToolStatus.updateMany({
    where: { userId, toolId, encryptedTokens: expected },
    data: { encryptedTokens, keyVersion },
  });
  return res.count === 1;
}

export async function toolTokensWithKeyBelow(version: number, afterId: string | undefined, take: number) {
  return prisma().userToolStatus.findMany({
    where: { keyVersion: { lt: version }, encryptedTokens: { not: null }, ...(afterId ? { id: { gt: afterId } } : {}) },
    select: { id: true, userId: true, toolId: true, encryptedTokens: true, keyVersion: true },
    orderBy: { id: "asc" },
    take,
  });
}

export async function replaceToolTokensCiphertext(
  id: string,
  expected: string,
  ciphertext: string,
  keyVersion: number,
): Promise<boolean> {
  const res = await prisma().userToolStatus.updateMany({
    where: { id, encryptedTokens: expected },
    data: { encryptedTokens: ciphertext, keyVersion },
  });
  return res.count === 1;
}
