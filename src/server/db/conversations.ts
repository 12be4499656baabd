// Conversations and their messages, always scoped by owner.
import { prisma } from "./client";
import type { Prisma } from "./generated/client";
import { storable } from "./json";

export type StoredMessage = { id: string; role: string; parts: unknown; metadata?: unknown };

// Conversation ids come from the chat client. Stored under the owner's own namespace, so
// an id another user chose is simply a different (missing) conversation: nobody can
// reach, block or even detect someone else's.
export const conversationKey = (userId: string, id: string) => `${userId}:${id}`;
export const conversationClientId = (userId: string, stored: string) => stored.slice(userId.length + 1);
const key = conversationKey;
const clientId = conversationClientId;

/** Creates the user's conversation with this id if it does not exist yet. */
export async function ensureConversation(userId: string, id: string, title: string): Promise<boolean> {
  await prisma().conversation.upsert({
    where: { id: key(userId, id) },
    create: { id: key(userId, id), userId, title: storable(title) },
    update: {},
  });
  return true;
}

/**
 * Saves the conversation's messages. Row ids combine the conversation's id (owned by
 * this user) with the chat's message id, so a client-chosen id cannot reach another
 * user's rows.
 */
export async function saveMessages(userId: string, chatId: string, messages: StoredMessage[]): Promise<void> {
  const conversationId = key(userId, chatId);
  await prisma().$transaction(async (tx) => {
    const owned = await tx.conversation.findFirst({ where: { id: conversationId, userId }, select: { id: true } });
    if (!owned) return;
    for (const [i, m] of messages.entries()) {
      const id = `${conversationId}:${m.id}`;
      const parts = storable({ uiId: m.id, parts: m.parts, metadata: m.metadata ?? null }) as Prisma.InputJsonValue;
      // createdAt keeps the order of the chat even when several are saved at once
      const createdAt = new Date(Date.now() - (messages.length - i));
      await tx.message.upsert({
        where: { id },
        create: { id, conversationId, role: m.role, parts, createdAt },
        update: { role: m.role, parts },
      });
    }
    await tx.conversation.update({ where: { id: conversationId }, data: { updatedAt: new Date() } });
  });
}

export async function listConversations(userId: string) {
  const rows = await prisma().conversation.findMany({
    where: { userId },
    orderBy: { updatedAt: "desc" },
    take: 100,
    select: { id: true, title: true, updatedAt: true },
  });
  return rows.map((r) => ({ ...r, id: clientId(userId, r.id) }));
}

export async function findConversation(
  userId: string,
  id: string,
): Promise<{ id: string; title: string; messages: StoredMessage[] } | null> {
  const c = await prisma().conversation.findFirst({
    where: { id: key(userId, id), userId },
    select: { id: true, title: true, messages: { orderBy: { createdAt: "asc" }, select: { role: true, parts: true } } },
  });
  if (!c) return null;
  return {
    id,
    title: c.title,
    messages: c.messages.map((m) => {
      const stored = m.parts as { uiId: string; parts: unknown; metadata: unknown };
      return { id: stored.uiId, role: m.role, parts: stored.parts, metadata: stored.metadata ?? undefined };
    }),
  };
}

export async function deleteConversation(userId: string, id: string): Promise<boolean> {
  const res = await prisma().conversation.deleteMany({ where: { id: key(userId, id), userId } });
  return res.count === 1;
}
