// Turns the tool a user picked in the Apps menu into one loaded tool, or a clear error
// that is raised before any model call.
import { AppError } from "@/lib/errors";
import { toolVisibleTo, type ToolVisibility } from "@/lib/schemas/mcp-apps";
import type { SystemToolId } from "@/lib/schemas/tools";
import { ToolSelection as ToolSelectionSchema, type ToolSelection } from "@/lib/tool-selection";
import type { LoadedTool, LoadedTools } from "@/server/agent/toolset";
import { findConnector } from "@/server/db/connectors";
import { systemTool } from "@/server/tools/registry";

function unavailable(message: string): AppError {
  return new AppError("TOOL_UNAVAILABLE", message);
}

/**
 * The loaded tool a selection names, for `caller`: the user's pick (for the model or a
 * direct run) by default, or an MCP App of the tool's connector. A tool its server kept
 * from that caller (MCP Apps visibility) is refused.
 */
export async function resolveSelection(
  userId: string,
  loaded: LoadedTools,
  selection: ToolSelection,
  caller: ToolVisibility = "model",
): Promise<LoadedTool> {
  const all = [...loaded.tools.values()];
  if (selection.kind === "system") {
    const found = all.find(
      (t) =>
        t.source.kind === "system" && t.source.toolId === selection.toolId && t.originalName === selection.toolName,
    );
    if (found) return found;
    let name: string = selection.toolId;
    try {
      name = systemTool(selection.toolId as SystemToolId).name;
    } catch {
      throw unavailable(`There is no tool named ${selection.toolName}.`);
    }
    throw unavailable(`${selection.toolName} is not available: connect ${name} in the Apps menu first.`);
  }
  const connector = await findConnector(userId, selection.connectorId);
  if (!connector) throw unavailable("The selected connector no longer exists. Choose another tool.");
  if (!connector.enabled) throw unavailable(`${connector.name} is disabled. Enable it to use ${selection.toolName}.`);
  const down = loaded.unavailable.find((u) => u.connectorId === connector.id);
  if (down) throw unavailable(`${connector.name} is unavailable right now (${down.code}): ${down.message}`);
  const found = all.find(
    (t) =>
      t.source.kind === "connector" && t.source.connectorId === connector.id && t.originalName === selection.toolName,
  );
  if (!found) throw unavailable(`${connector.name} no longer offers the tool ${selection.toolName}.`);
  if (!toolVisibleTo(found, caller))
    throw unavailable(
      caller === "app"
        ? `${found.label} cannot be called by an app: its server offers it to the model only.`
        : `${found.label} is used by its app only: its server does not offer it to the model or to be run on its own.`,
    );
  return found;
}

/**
 * The selection of a message: the request's, or else the one stored on the last user
 * message (a retry re-sends the conversation without a body of its own).
 */
export function selectionOf(
  requested: ToolSelection | null | undefined,
  messages: readonly { role: string; metadata?: unknown }[],
): ToolSelection | undefined {
  if (requested) return requested;
  const last = messages.at(-1);
  if (last?.role !== "user") return undefined;
  const parsed = ToolSelectionSchema.safeParse((last.metadata as { selectedTool?: unknown } | undefined)?.selectedTool);
  return parsed.success ? parsed.data : undefined;
}
