// Per-tool settings and approvals, shared by the tool-policy router and the UI.
import { z } from "zod";
import { ConversationId } from "@/lib/schemas/agent";
import { ToolAnnotations } from "@/lib/schemas/connectors";
import { ToolSelection } from "@/lib/tool-selection";

/** always: runs when the model calls it; ask: the user approves each call; never: not offered. */
export const ToolPolicy = z.enum(["always", "ask", "never"]);
export type ToolPolicy = z.infer<typeof ToolPolicy>;

export const POLICY_LABELS: Record<ToolPolicy, string> = {
  always: "Always allow",
  ask: "Ask each time",
  never: "Never",
};

/** What is pinned and compared: a change to any of these holds the tool back. */
export const ToolDefinition = z.object({
  description: z.string(),
  inputSchema: z.record(z.string(), z.unknown()),
  annotations: ToolAnnotations,
});
export type ToolDefinition = z.infer<typeof ToolDefinition>;

export const ToolSettingView = z.object({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  enabled: z.boolean(),
  policy: ToolPolicy,
  /** The definition differs from the one the user last accepted: held back until reviewed. */
  changed: z.boolean(),
});
export type ToolSettingView = z.infer<typeof ToolSettingView>;

export const ToolSettingsRequest = z.object({
  connectorId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Invalid connector id"),
});

export const UpdateToolSettingRequest = z
  .object({ tool: ToolSelection, enabled: z.boolean().optional(), policy: ToolPolicy.optional() })
  .refine((v) => v.enabled !== undefined || v.policy !== undefined, { message: "Nothing to change" });

export const ToolReviewRequest = z.object({
  connectorId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Invalid connector id"),
  toolName: z.string().min(1).max(200),
});

export const ToolReview = z.object({
  toolName: z.string(),
  label: z.string(),
  /** What the user accepted last (null: nothing recorded). */
  pinned: ToolDefinition.nullable(),
  current: ToolDefinition,
  /** Sent back with an accept, so only the definition shown is accepted. */
  currentHash: z.string(),
});
export type ToolReview = z.infer<typeof ToolReview>;

export const AcceptToolChangeRequest = ToolReviewRequest.extend({ hash: z.string().regex(/^[0-9a-f]{64}$/) });

export const ApprovalDecision = z.enum(["once", "conversation", "deny"]);
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;

export const DecideApprovalRequest = z.object({
  conversationId: ConversationId,
  toolCallId: z.string().min(1).max(200),
  decision: ApprovalDecision,
  /** The arguments the user saw: a decision counts only for exactly these. */
  args: z.unknown(),
});
