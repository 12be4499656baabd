// Connecting and disconnecting system tools. Both are idempotent.
import { AppError } from "@/lib/errors";
import type { ConnectToolResponse, SystemToolResponse } from "@/lib/schemas/tools";
import { findToolStatus, listToolStatus, saveToolStatus } from "@/server/db/tool-status";
import { logger } from "@/server/platform/log";
import { SYSTEM_TOOLS, systemTool } from "@/server/tools/registry";
import type { SystemToolDefinition, SystemToolId } from "@/server/tools/types";

/** Whether the user has the tool connected: their own choice, else the tool's default. */
function isConnected(tool: SystemToolDefinition, status: { connected: boolean } | null | undefined): boolean {
  return status ? status.connected : Boolean(tool.connectedByDefault);
}

export async function listSystemTools(userId: string): Promise<SystemToolResponse[]> {
  const statuses = new Map((await listToolStatus(userId)).map((s) => [s.toolId, s]));
  logger().info({ event: "tool.list", userId, outcome: "ok" }, "system tools listed");
  return SYSTEM_TOOLS.map((t) => {
    const s = statuses.get(t.id);
    const reason = t.notConfigured();
    const state =
      t.status === "beta"
        ? "coming_soon"
        : reason
          ? "not_configured"
          : isConnected(t, s)
            ? "connected"
            : "disconnected";
    return {
      id: t.id,
      name: t.name,
      description: t.description,
      status: t.status,
      connect: t.connect,
      state,
      notConfiguredReason: t.status === "beta" ? null : reason,
      account: s?.connected ? s.account : null,
      connectedAt: s?.connected ? s.connectedAt : null,
      tools: t.agentTools.map((a) => ({
        name: a.name,
        title: a.title,
        description: a.description,
        requiresConfirmation: Boolean(a.requiresConfirmation),
      })),
    };
  });
}

export async function connectSystemTool(userId: string, toolId: SystemToolId): Promise<ConnectToolResponse> {
  const tool = systemTool(toolId);
  if (tool.status === "beta") throw new AppError("TOOL_UNAVAILABLE", `${tool.name} is coming soon.`);
  const reason = tool.notConfigured();
  if (reason) throw new AppError("TOOL_NOT_CONFIGURED", reason);
  const current = await findToolStatus(userId, toolId);
  if (isConnected(tool, current)) {
    logger().info({ event: "tool.connect", userId, toolId, outcome: "already_connected" }, "tool connect");
    return { state: "connected" };
  }
  if (tool.authorize) {
    logger().info({ event: "tool.connect", userId, toolId, outcome: "authorize" }, "tool connect");
    return { state: "authorize", ...(await tool.authorize(userId)) };
  }
  await saveToolStatus(userId, toolId, { connected: true });
  logger().info({ event: "tool.connect", userId, toolId, outcome: "ok" }, "tool connect");
  return { state: "connected" };
}

export async function disconnectSystemTool(userId: string, toolId: SystemToolId): Promise<{ state: "disconnected" }> {
  const tool = systemTool(toolId);
  const current = await findToolStatus(userId, toolId);
  const connected = isConnected(tool, current);
  if (connected || current?.encryptedTokens) {
    if (tool.disconnect) await tool.disconnect(userId);
    else await saveToolStatus(userId, toolId, { connected: false });
  }
  logger().info(
    { event: "tool.disconnect", userId, toolId: tool.id, outcome: connected ? "ok" : "already_disconnected" },
    "tool disconnect",
  );
  return { state: "disconnected" };
}

/** The agent tools of the system tools this user connected. */
export async function connectedAgentTools(userId: string) {
  return agentToolsFor(await listToolStatus(userId));
}

/** The agent tools of the system tools connected, given the user's stored choices. */
export function agentToolsFor(choices: readonly { toolId: string; connected: boolean }[]) {
  const statuses = new Map(choices.map((s) => [s.toolId, s]));
  return SYSTEM_TOOLS.filter(
    (t) => t.status === "available" && !t.notConfigured() && isConnected(t, statuses.get(t.id)),
  ).flatMap((t) => t.agentTools.map((a) => ({ toolId: t.id, app: t.name, tool: a })));
}
