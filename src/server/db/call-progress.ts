// Repository for the latest progress of calls that run outside the chat's stream: written
// by the instance running the call, read by whichever instance the browser's poll reaches.
// Every query carries the owner.
import type { ToolProgress } from "@/lib/schemas/agent";
import { prisma } from "./client";

/** No call runs longer than an hour (TOOL_CALL_MAX_MS): an older row outlived an instance that went away. */
const STALE_MS = 60 * 60 * 1000;

type Key = { userId: string; conversationId: string; toolCallId: string };

export async function saveCallProgress(key: Key, p: Omit<ToolProgress, "toolCallId">): Promise<void> {
  const data = { progress: p.progress, total: p.total ?? null, message: p.message ?? null };
  await prisma().toolCallProgress.upsert({
    where: { userId_conversationId_toolCallId: key },
    create: { ...key, ...data },
    update: data,
  });
}

export async function deleteCallProgress(key: Key): Promise<void> {
  await prisma().toolCallProgress.deleteMany({
    where: { OR: [key, { updatedAt: { lt: new Date(Date.now() - STALE_MS) } }] },
  });
}

/** The user's running calls in one conversation, with their latest progress. */
export async function listCallProgress(userId: string, conversationId: string): Promise<ToolProgress[]> {
  const rows = await prisma().toolCallProgress.findMany({
    where: { userId, conversationId, updatedAt: { gt: new Date(Date.now() - STALE_MS) } },
    orderBy: { updatedAt: "asc" },
    take: 20,
  });
  return rows.map((r) => ({
    toolCallId: r.toolCallId,
    progress: r.progress,
    ...(r.total !== null ? { total: r.total } : {}),
    ...(r.message !== null ? { message: r.message } : {}),
  }));
}
