// Running a tool without the model (no model configured, or a confirmed action): the
// same loading, execution and logging as the agent's tool calls.
import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors";
import type { AvailableTool } from "@/lib/schemas/agent";
import type { ToolSelection } from "@/lib/tool-selection";
import { executeTool, loadUserTools } from "@/server/connectors/loader";
import { deleteConversation, ensureConversation, findConversation, listConversations, saveMessages, type StoredMessage } from "@/server/db/conversations";
import { resolveSelection } from "./selection";
import type { ToolCallOutcome } from "./tool-result";

export async function availableTools(userId: string): Promise<AvailableTool[]> {
  const loaded = await loadUserTools(userId);
  return [...loaded.tools.values()].map((t) => ({
    selection: t.source.kind === "connector" ? { kind: "connector", connectorId: t.source.connectorId, toolName: t.originalName } : { kind: "system", toolId: t.source.toolId, toolName: t.originalName },
    name: t.name,
    label: t.source.kind === "connector" ? `${t.source.connectorName} › ${t.originalName}` : t.originalName,
    description: t.description,
    inputSchema: t.inputSchema,
    requiresConfirmation: t.requiresConfirmation,
  }));
}

async function run(userId: string, selection: ToolSelection, args: Record<string, unknown>, conversationId: string, title?: string): Promise<ToolCallOutcome> {
  const loaded = await loadUserTools(userId);
  const tool = await resolveSelection(userId, loaded, selection);
  if (title) await ensureConversation(userId, conversationId, title);
  return executeTool(userId, tool, args, { conversationId });
}

/** Runs a tool from its form and adds the call and its result to the conversation. */
export async function runToolDirectly(userId: string, input: { conversationId: string; selection: ToolSelection; args: Record<string, unknown> }) {
  const outcome = await run(userId, input.selection, input.args, input.conversationId, `Ran ${input.selection.toolName}`);
  const existing = (await findConversation(userId, input.conversationId))?.messages ?? [];
  const callId = `direct-${randomUUID()}`;
  const added: StoredMessage[] = [
    { id: randomUUID(), role: "user", parts: [{ type: "text", text: `Run ${outcome.tool}` }] },
    { id: randomUUID(), role: "assistant", parts: [{ type: "dynamic-tool", toolName: outcome.tool, toolCallId: callId, state: "output-available", input: input.args, output: outcome }] },
  ];
  await saveMessages(userId, input.conversationId, [...existing, ...added]);
  return { outcome, messages: added };
}

/** Runs a tool call the model proposed and the user confirmed (sending an email). */
export async function confirmToolCall(userId: string, input: { conversationId: string; selection: ToolSelection; args: Record<string, unknown> }): Promise<ToolCallOutcome> {
  if (!(await findConversation(userId, input.conversationId))) throw new AppError("NOT_FOUND", "Conversation not found.");
  return run(userId, input.selection, input.args, input.conversationId);
}

export { listConversations };

export async function getConversation(userId: string, id: string) {
  const c = await findConversation(userId, id);
  if (!c) throw new AppError("NOT_FOUND", "Conversation not found.");
  return c;
}

export async function removeConversation(userId: string, id: string) {
  if (!(await deleteConversation(userId, id))) throw new AppError("NOT_FOUND", "Conversation not found.");
  return { id };
}
