// Repository for exports: pages of a user's messages to stream, and results saved for download.
import { prisma } from "./client";
import { conversationClientId } from "./conversations";
import type { Prisma } from "./generated/client";
import { storable } from "./json";

/** A page of the user's messages with their conversation, for streaming exports. */
export async function messagePage(userId: string, afterId: string | undefined, take: number) {
  const rows = await prisma().message.findMany({
    where: { conversation: { userId }, ...(afterId ? { id: { gt: afterId } } : {}) },
    orderBy: { id: "asc" },
    take,
    select: { id: true, createdAt: true, role: true, parts: true, conversation: { select: { id: true, title: true } } },
  });
  return rows.map((r) => ({
    ...r,
    conversation: { ...r.conversation, id: conversationClientId(userId, r.conversation.id) },
  }));
}

export async function saveExportedResult(userId: string, title: string, content: unknown): Promise<string> {
  const row = await prisma().exportedResult.create({
    data: { userId, title: storable(title), content: storable(content) as Prisma.InputJsonValue },
    select: { id: true },
  });
  return row.id;
}

export async function findExportedResult(userId: string, id: string) {
  return prisma().exportedResult.findFirst({
    where: { id, userId },
    select: { id: true, title: true, content: true, createdAt: true },
  });
}
