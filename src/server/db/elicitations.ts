// Repository for servers' questions to users (elicitations) and the users' Stops: rows
// any app instance can write and the instance holding the MCP call waits on.
import type { ElicitationStatus, ElicitationView, ElicitField } from "@/lib/schemas/elicitation";
import { prisma } from "./client";

export type NewElicitation = {
  userId: string;
  conversationId: string | null;
  connectorId: string | null;
  connectorName: string;
  toolCallId: string | null;
  mode: "form" | "url";
  message: string;
  fields: ElicitField[];
  url: string | null;
  /** URL mode: the server's own id for the question, named by its completion notice. */
  remoteId?: string | null;
  expiresAt: Date;
};

export type ElicitationRow = ElicitationView & { userId: string; answer: unknown };

type Row = {
  id: string;
  userId: string;
  connectorName: string;
  toolCallId: string | null;
  mode: string;
  message: string;
  fields: unknown;
  url: string | null;
  status: string;
  answer: unknown;
  expiresAt: Date;
};

/** The answer recorded when the server, not the user, said a URL question's step is done. */
const BY_SERVER = { completedBy: "server" } as const;

function toView(r: Row): ElicitationRow {
  const expired = r.status === "pending" && r.expiresAt.getTime() <= Date.now();
  return {
    id: r.id,
    userId: r.userId,
    connectorName: r.connectorName,
    message: r.message,
    mode: r.mode === "url" ? "url" : "form",
    fields: Array.isArray(r.fields) ? (r.fields as ElicitField[]) : [],
    ...(r.url ? { url: r.url, domain: new URL(r.url).hostname } : {}),
    expiresAt: r.expiresAt.toISOString(),
    status: expired ? "expired" : (r.status as ElicitationStatus),
    ...(r.toolCallId ? { toolCallId: r.toolCallId } : {}),
    ...(r.status === "accepted" && (r.answer as { completedBy?: unknown } | null)?.completedBy === "server"
      ? { completedByServer: true }
      : {}),
    answer: r.answer,
  };
}

// Questions are answered within minutes; a day later they are history nobody reads.
const KEEP_MS = 24 * 60 * 60 * 1000;

export async function createElicitation(e: NewElicitation): Promise<ElicitationRow> {
  await prisma().elicitation.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - KEEP_MS) } } });
  const row = await prisma().elicitation.create({
    data: { ...e, fields: e.fields },
  });
  return toView(row);
}

/** The user's own question, or null (another user's id is not found). */
export async function findElicitation(userId: string, id: string): Promise<ElicitationRow | null> {
  const row = await prisma().elicitation.findFirst({ where: { id, userId } });
  return row ? toView(row) : null;
}

/** Records the answer if the question is still open; false when it was answered or expired. */
export async function settleElicitation(
  id: string,
  status: Exclude<ElicitationStatus, "pending">,
  answer?: unknown,
  userId?: string,
): Promise<boolean> {
  const { count } = await prisma().elicitation.updateMany({
    where: {
      id,
      ...(userId ? { userId } : {}),
      status: "pending",
      // The holder expires its own question however late it is; a user's late answer is refused.
      ...(status === "expired" ? {} : { expiresAt: { gt: new Date() } }),
    },
    data: { status, ...(answer !== undefined ? { answer: answer as object } : {}) },
  });
  return count === 1;
}

/**
 * The server said the step of its URL question `remoteId` is done: settles the user's open
 * question of that connector with that id. Returns the ids settled (none for an unknown id).
 */
export async function completeRemoteElicitation(
  userId: string,
  connectorId: string,
  remoteId: string,
): Promise<string[]> {
  const open = await prisma().elicitation.findMany({
    where: { userId, connectorId, remoteId, mode: "url", status: "pending", expiresAt: { gt: new Date() } },
    select: { id: true },
  });
  const settled: string[] = [];
  for (const { id } of open) if (await settleElicitation(id, "accepted", BY_SERVER, userId)) settled.push(id);
  return settled;
}

/** Open questions in one of the user's conversations, oldest first. */
export async function openElicitations(userId: string, conversationId: string): Promise<ElicitationRow[]> {
  const rows = await prisma().elicitation.findMany({
    where: { userId, conversationId, status: "pending", expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "asc" },
    take: 20,
  });
  return rows.map(toView);
}

export async function recordChatStop(userId: string, conversationId: string): Promise<void> {
  await prisma().chatStop.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - KEEP_MS) } } });
  await prisma().chatStop.create({ data: { userId, conversationId } });
}

/** Whether the user pressed Stop in the conversation since `since`. */
export async function chatStoppedSince(userId: string, conversationId: string, since: Date): Promise<boolean> {
  return (await prisma().chatStop.count({ where: { userId, conversationId, createdAt: { gte: since } } })) > 0;
}
