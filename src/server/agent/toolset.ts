// The tools of one message, from what is stored: the system tools the user connected and
// the tool snapshots of the user's enabled connectors. No server is contacted before the
// model starts answering; a connector is connected when the model first calls one of its
// tools (connector-call.ts). A connector marked failing is left out, probed in the
// background, and offered again once it answers.
import type { ToolCallOutcome } from "@/lib/schemas/agent";
import type { DiscoveredTool, ToolAnnotations } from "@/lib/schemas/connectors";
import { toolVisibleTo, type ToolVisibility } from "@/lib/schemas/mcp-apps";
import { callConnectorTool, type RunContext, type RunResult } from "@/server/agent/connector-call";
import { ToolNamer } from "@/server/agent/naming";
import { watchFailingConnector } from "@/server/connectors/probe";
import { storedTools } from "@/server/connectors/snapshot";
import { readToolsetSources, type ToolsetConnector } from "@/server/db/agent-toolset";
import { agentToolsFor } from "@/server/tools/manager";

export type { RunContext, RunResult } from "@/server/agent/connector-call";

export type LoadedTool = {
  /** The name the model sees. */
  name: string;
  /** The tool's own name on its server or in the registry. */
  originalName: string;
  /** What people read: "Connector › tool title" or "Gmail › Search Gmail", never the model's name. */
  label: string;
  description: string;
  inputSchema: Record<string, unknown>;
  /** The server's hints (connector tools); untrusted, they only choose a default policy. */
  annotations?: ToolAnnotations;
  requiresConfirmation: boolean;
  source: ToolCallOutcome["source"];
  /** The tool's MCP App, if its server offers one. */
  app?: ToolCallOutcome["app"];
  /** Set when its server lets only the model, or only its app, call it (MCP Apps). */
  visibility?: ToolVisibility[];
  run(args: unknown, ctx?: RunContext): Promise<RunResult>;
};

export type UnavailableConnector = { connectorId: string; name: string; code: string; message: string };
export type LoadedTools = { tools: Map<string, LoadedTool>; unavailable: UnavailableConnector[] };

/** "Docs › Search the docs": the connector's name and the tool's title (its name when it has none). */
export function toolLabel(connectorName: string, tool: { name: string; title?: string }): string {
  return `${connectorName} › ${tool.title?.trim() || tool.name}`;
}

export const FAILING_MESSAGE =
  "It stopped answering, so its tools are left out for now. It is checked in the background and its tools come back by themselves once it answers.";

function connectorTool(c: ToolsetConnector, t: DiscoveredTool, namer: ToolNamer): LoadedTool {
  return {
    name: namer.name(c, t.name),
    originalName: t.name,
    label: toolLabel(c.name, t),
    description: t.description ?? t.title ?? t.name,
    inputSchema: t.inputSchema,
    ...(t.annotations ? { annotations: t.annotations } : {}),
    requiresConfirmation: false,
    source: { kind: "connector", connectorId: c.id, connectorName: c.name },
    ...(t.appUri ? { app: { connectorId: c.id, resourceUri: t.appUri } } : {}),
    ...(t.visibility ? { visibility: t.visibility } : {}),
    run: (args, ctx) => callConnectorTool(c, t.name, args, ctx),
  };
}

/** Why an enabled connector is not offered, or null when it is. */
function withheld(c: ToolsetConnector): UnavailableConnector | null {
  if (c.needsSignIn)
    return {
      connectorId: c.id,
      name: c.name,
      code: "OAUTH_REAUTH_REQUIRED",
      message: "Its sign-in has to be renewed (Connectors panel: “Sign in again”).",
    };
  if (c.failingSince) return { connectorId: c.id, name: c.name, code: "CONNECTOR_FAILING", message: FAILING_MESSAGE };
  return null;
}

/**
 * The tools the model may be offered (before the user's settings are applied): an app-only
 * tool stays in the toolset for its app's calls, but the model never sees it.
 */
export function modelTools(loaded: LoadedTools): LoadedTool[] {
  return [...loaded.tools.values()].filter((t) => toolVisibleTo(t, "model"));
}

/** The message's toolset: one read of the database, no connection. */
export async function loadUserTools(userId: string): Promise<LoadedTools> {
  const namer = new ToolNamer();
  const tools = new Map<string, LoadedTool>();
  const unavailable: UnavailableConnector[] = [];
  const { connectors, statuses } = await readToolsetSources(userId);
  for (const { toolId, app, tool } of agentToolsFor(statuses)) {
    namer.reserve(tool.name);
    tools.set(tool.name, {
      name: tool.name,
      originalName: tool.name,
      label: `${app} › ${tool.title}`,
      description: tool.description,
      inputSchema: tool.inputSchema,
      requiresConfirmation: Boolean(tool.requiresConfirmation),
      source: { kind: "system", toolId, toolName: tool.name },
      run: async (args) => ({ ...(await tool.run({ userId }, args)), isError: false }),
    });
  }
  for (const c of connectors) {
    if (!c.enabled) continue;
    const reason = withheld(c);
    if (reason) {
      unavailable.push(reason);
      if (c.failingSince && !c.needsSignIn) watchFailingConnector(c);
      continue;
    }
    for (const t of storedTools(c.toolsSnapshot)) {
      const loaded = connectorTool(c, t, namer);
      tools.set(loaded.name, loaded);
    }
  }
  return { tools, unavailable };
}
