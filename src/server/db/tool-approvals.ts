// Repository for tool calls waiting for (or given) the user's decision. Every query
// carries the owner; state changes are conditional updates, so one decision wins and a
// call is claimed for execution exactly once across app instances.
import { prisma } from "./client";
import type { Prisma } from "./generated/client";
import { conversationKey } from "./conversations";
import { storable } from "./json";

export type ApprovalStatus = "pending" | "running" | "done" | "denied" | "expired";

export type ApprovalRecord = {
  id: string;
  toolCallId: string;
  source: string;
  toolName: string;
  arguments: unknown;
  argsHash: string;
  status: ApprovalStatus;
  scope: string | null;
  outcome: unknown;
  expiresAt: Date;
};

const select = {
  id: true,
  toolCallId: true,
  source: true,
  toolName: true,
  arguments: true,
  argsHash: true,
  status: true,
  scope: true,
  outcome: true,
  expiresAt: true,
} as const;

const cast = (r: { status: string } & Omit<ApprovalRecord, "status">): ApprovalRecord => ({
  ...r,
  status: r.status as ApprovalStatus,
});

/** Stores a pending call; the same call id asked twice keeps the first. */
export async function createApproval(
  userId: string,
  chatId: string,
  data: {
    toolCallId: string;
    source: string;
    toolName: string;
    arguments: unknown;
    argsHash: string;
    expiresAt: Date;
    /** What the chat shows while the call waits (tool, label, source). */
    pending: unknown;
  },
): Promise<ApprovalRecord> {
  const conversationId = conversationKey(userId, chatId);
  const { pending, ...rest } = data;
  const row = await prisma().toolApproval.upsert({
    where: { conversationId_toolCallId: { conversationId, toolCallId: data.toolCallId } },
    create: {
      userId,
      conversationId,
      ...rest,
      arguments: storable(data.arguments ?? {}),
      outcome: storable(pending) as Prisma.InputJsonValue,
      status: "pending",
    },
    update: {},
    select,
  });
  return cast(row);
}

export async function findApproval(userId: string, chatId: string, toolCallId: string): Promise<ApprovalRecord | null> {
  const row = await prisma().toolApproval.findFirst({
    where: { userId, conversationId: conversationKey(userId, chatId), toolCallId },
    select,
  });
  return row ? cast(row) : null;
}

export async function listApprovals(userId: string, chatId: string, toolCallIds: string[]): Promise<ApprovalRecord[]> {
  if (toolCallIds.length === 0) return [];
  const rows = await prisma().toolApproval.findMany({
    where: { userId, conversationId: conversationKey(userId, chatId), toolCallId: { in: toolCallIds } },
    select,
  });
  return rows.map(cast);
}

/** Whether the user allowed this tool for the whole conversation. */
export async function hasConversationGrant(
  userId: string,
  chatId: string,
  source: string,
  toolName: string,
): Promise<boolean> {
  const row = await prisma().toolApproval.findFirst({
    where: {
      userId,
      conversationId: conversationKey(userId, chatId),
      source,
      toolName,
      scope: "conversation",
      status: { in: ["running", "done"] },
    },
    select: { id: true },
  });
  return row !== null;
}

/**
 * Moves a pending approval to its next state; true only for the caller whose update
 * took it out of "pending".
 */
export async function settleApproval(
  userId: string,
  id: string,
  to: { status: Exclude<ApprovalStatus, "pending" | "done">; scope?: string; outcome?: unknown },
): Promise<boolean> {
  const { count } = await prisma().toolApproval.updateMany({
    where: { id, userId, status: "pending" },
    data: {
      status: to.status,
      scope: to.scope ?? null,
      decidedAt: new Date(),
      ...(to.outcome !== undefined ? { outcome: storable(to.outcome) as Prisma.InputJsonValue } : {}),
    },
  });
  return count === 1;
}

/** Stores the outcome of a claimed ("running") call. */
export async function finishApproval(userId: string, id: string, outcome: unknown): Promise<void> {
  await prisma().toolApproval.updateMany({
    where: { id, userId, status: "running" },
    data: { status: "done", outcome: storable(outcome) as Prisma.InputJsonValue },
  });
}
