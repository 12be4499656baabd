// Tool calls that need the user's approval. A call whose policy is "Ask each time" is
// stored with its exact arguments and answered with a pending result, which ends the
// turn; the user's decision (agent.decideApproval) runs the stored call once, or records
// that the user declined; the resumed turn gets the stored outcome, whatever the client
// sends. Everything is in the database, so any app instance can take over.
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import type { ToolCallOutcome } from "@/lib/schemas/agent";
import type { ApprovalDecision } from "@/lib/schemas/tool-policy";
import { executeTool } from "@/server/agent/execute";
import { runPolled } from "@/server/agent/polled-call";
import { judgeTool, sourceOf, withheldMessage } from "@/server/agent/tool-policy";
import { loadUserTools, type LoadedTool } from "@/server/agent/toolset";
import {
  createApproval,
  finishApproval,
  findApproval,
  hasConversationGrant,
  settleApproval,
  type ApprovalRecord,
} from "@/server/db/tool-approvals";
import { canonicalHash } from "@/server/platform/canonical";
import { logger } from "@/server/platform/log";
import type { StopCondition, ToolSet } from "ai";

/** What the model reads for a denied or expired call. */
export const DECLINED_TEXT = "The user declined this tool call; it was not run.";

type CallContext = {
  conversationId: string;
  toolCallId: string;
  /** How the call runs once allowed (abort signal, retry and unavailability callbacks). */
  exec?: Omit<NonNullable<Parameters<typeof executeTool>[3]>, "conversationId">;
};

/** Ends the model loop at a step with a call waiting for the user. */
export const stopOnPendingApproval: StopCondition<ToolSet> = ({ steps }) =>
  steps.at(-1)?.toolResults.some((r) => isPendingApproval(r.output)) ?? false;

function baseOutcome(tool: LoadedTool): Pick<ToolCallOutcome, "source" | "tool" | "label" | "durationMs"> {
  return { source: tool.source, tool: tool.originalName, label: tool.label, durationMs: 0 };
}

export const argsHash = (args: unknown) => canonicalHash(args ?? {});

export function isPendingApproval(output: unknown): boolean {
  return (output as ToolCallOutcome | undefined)?.approval?.status === "pending";
}

/**
 * Runs one tool call as the user's settings say: refused when the tool is off, set to
 * Never or changed since reviewed; run at once when allowed always (or for this
 * conversation); otherwise stored for the user's decision. The chat's tool calls and
 * calls from MCP Apps go through here.
 */
export async function runWithPolicy(
  userId: string,
  tool: LoadedTool,
  args: unknown,
  ctx: CallContext,
): Promise<ToolCallOutcome> {
  const verdict = await judgeTool(userId, tool);
  if (!verdict.offered)
    return {
      ...baseOutcome(tool),
      ok: false,
      text: withheldMessage(tool.label, verdict.reason),
      errorCode: verdict.reason === "changed" ? "TOOL_CHANGED" : "TOOL_UNAVAILABLE",
    };
  if (verdict.policy === "always")
    return executeTool(userId, tool, args, { ...ctx.exec, conversationId: ctx.conversationId });
  if (await hasConversationGrant(userId, ctx.conversationId, sourceOf(tool), tool.originalName)) {
    const outcome = await executeTool(userId, tool, args, { ...ctx.exec, conversationId: ctx.conversationId });
    return { ...outcome, approval: { status: "allowed", scope: "conversation" } };
  }
  const expiresAt = new Date(Date.now() + env().TOOL_APPROVAL_TTL_MS);
  const pending: ToolCallOutcome = {
    ...baseOutcome(tool),
    ok: false,
    text: "Waiting for the user's approval.",
    errorCode: "APPROVAL_PENDING",
    approval: { status: "pending", expiresAt: expiresAt.toISOString() },
  };
  const row = await createApproval(userId, ctx.conversationId, {
    toolCallId: ctx.toolCallId,
    source: sourceOf(tool),
    toolName: tool.originalName,
    arguments: args ?? {},
    argsHash: argsHash(args),
    expiresAt,
    pending,
  });
  logger().info(
    { event: "tool.approval_requested", userId, conversationId: ctx.conversationId, tool: tool.originalName },
    "tool call waits for approval",
  );
  return row.outcome as ToolCallOutcome;
}

function declined(row: ApprovalRecord, status: "denied" | "expired"): ToolCallOutcome {
  const pending = row.outcome as ToolCallOutcome;
  return {
    ...pending,
    ok: false,
    text: status === "expired" ? `${DECLINED_TEXT} (The request expired before the user answered.)` : DECLINED_TEXT,
    errorCode: "DECLINED",
    approval: { status },
  };
}

/** Marks a pending call declined (or expired); the stored outcome when it was settled already. */
export async function decline(
  userId: string,
  chatId: string,
  row: ApprovalRecord,
  status: "denied" | "expired",
): Promise<ToolCallOutcome> {
  const outcome = declined(row, status);
  if (await settleApproval(userId, row.id, { status, outcome })) return outcome;
  const now = await findApproval(userId, chatId, row.toolCallId);
  return now ? settledOutcome(now) : outcome;
}

async function runApproved(
  userId: string,
  chatId: string,
  row: ApprovalRecord,
  scope: "once" | "conversation",
  since: Date,
): Promise<ToolCallOutcome> {
  const pending = row.outcome as ToolCallOutcome;
  const loaded = await loadUserTools(userId);
  const tool = [...loaded.tools.values()].find((t) => sourceOf(t) === row.source && t.originalName === row.toolName);
  let outcome: ToolCallOutcome;
  if (!tool) {
    outcome = {
      ...pending,
      text: `${pending.label ?? row.toolName} is not available right now.`,
      errorCode: "TOOL_UNAVAILABLE",
    };
  } else {
    const verdict = await judgeTool(userId, tool);
    // No stream carries this call: its card polls the progress, and Stop reaches it by the relay.
    outcome = verdict.offered
      ? await runPolled({ userId, conversationId: chatId, toolCallId: row.toolCallId }, since, (exec) =>
          executeTool(userId, tool, row.arguments, { ...exec, conversationId: chatId }),
        )
      : {
          ...pending,
          text: withheldMessage(tool.label, verdict.reason),
          errorCode: verdict.reason === "changed" ? "TOOL_CHANGED" : "TOOL_UNAVAILABLE",
        };
  }
  outcome = { ...outcome, approval: { status: "allowed", scope } };
  await finishApproval(userId, row.id, outcome);
  return outcome;
}

/**
 * The user's answer to a pending call. Counts only for the exact arguments stored; an
 * allowed call is claimed in one conditional update, so it runs once even when the
 * answer arrives twice or at two instances; a settled call returns its stored outcome.
 */
export async function decideApproval(
  userId: string,
  input: { conversationId: string; toolCallId: string; decision: ApprovalDecision; args: unknown },
): Promise<ToolCallOutcome> {
  const since = new Date();
  const row = await findApproval(userId, input.conversationId, input.toolCallId);
  if (!row) throw new AppError("NOT_FOUND", "This approval request was not found.");
  if (argsHash(input.args) !== row.argsHash)
    throw new AppError(
      "APPROVAL_MISMATCH",
      "These are not the arguments the agent asked to use, so nothing was run. Reload the conversation.",
    );
  if (row.status !== "pending") return settledOutcome(row);
  if (row.expiresAt.getTime() <= Date.now()) return decline(userId, input.conversationId, row, "expired");
  if (input.decision === "deny") return decline(userId, input.conversationId, row, "denied");
  const scope = input.decision;
  if (!(await settleApproval(userId, row.id, { status: "running", scope })))
    return settledOutcome((await findApproval(userId, input.conversationId, input.toolCallId)) ?? row);
  logger().info(
    { event: "tool.approval_decided", userId, conversationId: input.conversationId, tool: row.toolName, scope },
    "tool call approved",
  );
  return runApproved(userId, input.conversationId, row, scope, since);
}

export function settledOutcome(row: ApprovalRecord): ToolCallOutcome {
  const stored = row.outcome as ToolCallOutcome;
  if (row.status === "running")
    return { ...stored, ok: false, text: "This call is running or did not finish.", errorCode: "TOOL_FAILED" };
  return stored;
}
