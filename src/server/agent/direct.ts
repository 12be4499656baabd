// Running a tool without the model (no model configured): the
// same loading, execution and logging as the agent's tool calls.
import { AppError } from "@/lib/errors";
import type { AvailableTool, ToolCallOutcome } from "@/lib/schemas/agent";
import type { DiscoveredTool } from "@/lib/schemas/connectors";
import { toolVisibleTo } from "@/lib/schemas/mcp-apps";
import type { ToolSelection } from "@/lib/tool-selection";
import { executeTool } from "@/server/agent/execute";
import { ToolNamer } from "@/server/agent/naming";
import { runPolled } from "@/server/agent/polled-call";
import { settleToolParts } from "@/server/agent/approval-messages";
import { resolveSelection } from "@/server/agent/selection";
import { judgeTool, pickableTools, withheldMessage } from "@/server/agent/tool-policy";
import { loadUserTools, toolLabel } from "@/server/agent/toolset";
import { listConnectors } from "@/server/db/connectors";
import {
  deleteConversation,
  ensureConversation,
  findConversation,
  listConversations,
  saveMessages,
  type StoredMessage,
} from "@/server/db/conversations";
import { connectedAgentTools } from "@/server/tools/manager";
import { randomUUID } from "node:crypto";
import { z } from "zod";

/**
 * The tools the user can pick, from what is stored (connected system tools and the tool
 * snapshots of enabled connectors): opening the chat contacts no remote server. Running
 * one resolves it live.
 */
export async function availableTools(userId: string): Promise<AvailableTool[]> {
  const namer = new ToolNamer();
  const [system, connectors] = await Promise.all([connectedAgentTools(userId), listConnectors(userId)]);
  const out: AvailableTool[] = system.map(({ toolId, app, tool }) => {
    namer.reserve(tool.name);
    return {
      selection: { kind: "system", toolId, toolName: tool.name },
      name: tool.name,
      label: `${app} › ${tool.title}`,
      description: tool.description,
      inputSchema: z.toJSONSchema(tool.input, { io: "input" }),
      requiresConfirmation: Boolean(tool.requiresConfirmation),
    };
  });
  for (const c of connectors.filter((x) => x.enabled)) {
    for (const t of Array.isArray(c.toolsSnapshot) ? (c.toolsSnapshot as DiscoveredTool[]) : []) {
      // Named like the toolset names it; a tool only its MCP App may call is not the user's to pick.
      const name = namer.name(c, t.name);
      if (!toolVisibleTo(t, "model")) continue;
      out.push({
        selection: { kind: "connector", connectorId: c.id, toolName: t.name },
        name,
        label: toolLabel(c.name, t),
        description: t.description ?? t.title ?? t.name,
        inputSchema: t.inputSchema,
        requiresConfirmation: false,
      });
    }
  }
  return pickableTools(userId, out);
}

async function run(
  userId: string,
  selection: ToolSelection,
  args: Record<string, unknown>,
  conversationId: string,
  callId: string,
  title?: string,
): Promise<ToolCallOutcome> {
  const since = new Date();
  const loaded = await loadUserTools(userId);
  const tool = await resolveSelection(userId, loaded, selection);
  // Running it from its form is the user's approval; a tool that is off, set to Never or
  // changed since reviewed still does not run.
  const verdict = await judgeTool(userId, tool);
  if (!verdict.offered) throw new AppError("TOOL_UNAVAILABLE", withheldMessage(tool.label, verdict.reason));
  if (title) await ensureConversation(userId, conversationId, title);
  // The view polls the call's progress, and Stop in the chat reaches it by the relay.
  return runPolled({ userId, conversationId, toolCallId: callId }, since, (exec) =>
    executeTool(userId, tool, args, { ...exec, conversationId }),
  );
}

/** Runs a tool from its form and adds the call and its result to the conversation. */
export async function runToolDirectly(
  userId: string,
  input: { conversationId: string; selection: ToolSelection; args: Record<string, unknown> },
) {
  const callId = `direct-${randomUUID()}`;
  const outcome = await run(
    userId,
    input.selection,
    input.args,
    input.conversationId,
    callId,
    `Ran ${input.selection.toolName}`,
  );
  const existing = (await findConversation(userId, input.conversationId))?.messages ?? [];
  const added: StoredMessage[] = [
    { id: randomUUID(), role: "user", parts: [{ type: "text", text: `Run ${outcome.tool}` }] },
    {
      id: randomUUID(),
      role: "assistant",
      parts: [
        {
          type: "dynamic-tool",
          toolName: outcome.tool,
          toolCallId: callId,
          state: "output-available",
          input: input.args,
          output: outcome,
        },
      ],
    },
  ];
  await saveMessages(userId, input.conversationId, [...existing, ...added]);
  return { outcome, messages: added };
}

export { listConversations };

export async function getConversation(userId: string, id: string) {
  const c = await findConversation(userId, id);
  if (!c) throw new AppError("NOT_FOUND", "Conversation not found.");
  // Calls decided after the turn was saved show their outcome.
  const messages = await settleToolParts(
    userId,
    id,
    c.messages.map((m) => ({ ...m, parts: Array.isArray(m.parts) ? (m.parts as Record<string, unknown>[]) : [] })),
    "display",
  );
  return { ...c, messages };
}

export async function removeConversation(userId: string, id: string) {
  if (!(await deleteConversation(userId, id))) throw new AppError("NOT_FOUND", "Conversation not found.");
  return { id };
}
