// Tool calls an MCP App makes from its frame: only to the connector that served the app,
// only to tools its server lets apps call (`_meta.ui.visibility`), and through the same
// path as the model's calls (loading, ownership, execution, history, health and the
// user's policy for the tool: runWithPolicy, as for the model).
import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors";
import type { AppToolCallRequest, ToolCallOutcome } from "@/lib/schemas/agent";
import { runWithPolicy } from "@/server/agent/approvals";
import { resolveSelection } from "@/server/agent/selection";
import { loadUserTools } from "@/server/agent/toolset";
import { findConversation } from "@/server/db/conversations";

export async function callToolFromApp(userId: string, input: AppToolCallRequest): Promise<ToolCallOutcome> {
  // An app is shown in one of the user's conversations; its calls are recorded there.
  if (!(await findConversation(userId, input.conversationId)))
    throw new AppError("NOT_FOUND", "Conversation not found.");
  const loaded = await loadUserTools(userId);
  const tool = await resolveSelection(
    userId,
    loaded,
    { kind: "connector", connectorId: input.connectorId, toolName: input.toolName },
    "app",
  );
  // The calling app must be one its connector offers: no app reaches another server's tools.
  const ownApp = [...loaded.tools.values()].some(
    (t) =>
      t.source.kind === "connector" &&
      t.source.connectorId === input.connectorId &&
      t.app?.resourceUri === input.resourceUri,
  );
  if (!ownApp) throw new AppError("NOT_FOUND", `The app calling ${tool.label} is not one of its connector's apps.`);
  const toolCallId = `app-${randomUUID()}`;
  const outcome = await runWithPolicy(userId, tool, input.args, {
    conversationId: input.conversationId,
    toolCallId,
    exec: {},
  });
  // A call that asks first waits on the prompt next to the app, whose answer names it.
  return outcome.approval?.status === "pending"
    ? { ...outcome, approval: { ...outcome.approval, toolCallId } }
    : outcome;
}
