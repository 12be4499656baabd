// The conversation as the server knows it: a tool call that went through an approval
// carries the stored outcome, never what the client sent back. On a resumed turn a call
// still pending is one the user moved on from, and counts as declined.
import type { ToolCallOutcome } from "@/lib/schemas/agent";
import { decline, settledOutcome } from "@/server/agent/approvals";
import { listApprovals } from "@/server/db/tool-approvals";

type Part = Record<string, unknown>;
type Message = { parts: Part[] };

const isToolPart = (p: Part) =>
  (p.type === "dynamic-tool" || (typeof p.type === "string" && p.type.startsWith("tool-"))) &&
  typeof p.toolCallId === "string";

/**
 * resume: pending calls are declined (the user sent a new message instead of answering);
 * display: they stay pending (the card is still answerable) unless expired.
 */
export async function settleToolParts<M extends Message>(
  userId: string,
  chatId: string,
  messages: M[],
  mode: "resume" | "display",
): Promise<M[]> {
  const ids = messages.flatMap((m) => m.parts.filter(isToolPart).map((p) => p.toolCallId as string));
  const rows = new Map((await listApprovals(userId, chatId, ids)).map((r) => [r.toolCallId, r]));
  if (rows.size === 0) return messages;
  const outcomes = new Map<string, ToolCallOutcome>();
  for (const row of rows.values()) {
    if (row.status !== "pending") outcomes.set(row.toolCallId, settledOutcome(row));
    else if (mode === "resume" || row.expiresAt.getTime() <= Date.now())
      outcomes.set(
        row.toolCallId,
        await decline(userId, chatId, row, row.expiresAt.getTime() <= Date.now() ? "expired" : "denied"),
      );
    else outcomes.set(row.toolCallId, row.outcome as ToolCallOutcome);
  }
  return messages.map((m) => ({
    ...m,
    parts: m.parts.map((p) => {
      const outcome = isToolPart(p) ? outcomes.get(p.toolCallId as string) : undefined;
      if (!outcome) return p;
      const { errorText: _dropped, ...rest } = p;
      return { ...rest, state: "output-available", output: outcome };
    }),
  }));
}
