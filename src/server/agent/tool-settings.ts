// The Connectors page's per-tool controls: each tool of a connector (from its stored
// snapshot) with on/off, policy and whether it changed since the user accepted it; the
// review of a change, and accepting it.
import { AppError } from "@/lib/errors";
import type { DiscoveredTool } from "@/lib/schemas/connectors";
import type { ToolDefinition, ToolPolicy, ToolReview, ToolSettingView } from "@/lib/schemas/tool-policy";
import type { SystemToolId } from "@/lib/schemas/tools";
import type { ToolSelection } from "@/lib/tool-selection";
import { defaultPolicy, definitionHash, definitionOf } from "@/server/agent/tool-policy";
import { toolLabel } from "@/server/agent/toolset";
import { snapshot } from "@/server/connectors/service/mapper";
import { findConnector, type ConnectorRecord } from "@/server/db/connectors";
import {
  listToolSettings,
  pinNewTools,
  pinToolDefinition,
  saveToolSetting,
  settingSource,
} from "@/server/db/tool-settings";
import { SYSTEM_TOOLS } from "@/server/tools/registry";

async function ownedConnector(userId: string, connectorId: string): Promise<ConnectorRecord> {
  const c = await findConnector(userId, connectorId);
  if (!c) throw new AppError("NOT_FOUND", "Connector not found.");
  return c;
}

function connectorTool(c: ConnectorRecord, toolName: string): DiscoveredTool {
  const t = snapshot(c.toolsSnapshot).find((x) => x.name === toolName);
  if (!t) throw new AppError("NOT_FOUND", `${c.name} does not offer a tool named ${toolName}.`);
  return t;
}

const connectorDefaults = (t: DiscoveredTool) => {
  const definition = definitionOf(t);
  return {
    policy: defaultPolicy({ ...t, source: { kind: "connector" } }),
    hash: definitionHash(definition),
    definition,
  };
};

/** The connector's tools with their settings; tools seen here for the first time are pinned. */
export async function connectorToolSettings(userId: string, connectorId: string): Promise<ToolSettingView[]> {
  const c = await ownedConnector(userId, connectorId);
  const tools = snapshot(c.toolsSnapshot);
  const source = settingSource({ kind: "connector", connectorId: c.id });
  const existing = new Map((await listToolSettings(userId, [source])).map((s) => [s.toolName, s]));
  await pinNewTools(
    userId,
    tools.filter((t) => !existing.has(t.name)).map((t) => ({ source, toolName: t.name, ...connectorDefaults(t) })),
  );
  return tools.map((t) => {
    const d = connectorDefaults(t);
    const s = existing.get(t.name);
    return {
      name: t.name,
      ...(t.title ? { title: t.title } : {}),
      ...(t.description ? { description: t.description } : {}),
      enabled: s?.enabled ?? true,
      policy: (s?.policy as ToolPolicy | undefined) ?? d.policy,
      changed: Boolean(s?.pinnedHash && s.pinnedHash !== d.hash),
    };
  });
}

/** Turns a tool on or off, or sets its policy. */
export async function updateToolSetting(
  userId: string,
  input: { tool: ToolSelection; enabled?: boolean; policy?: ToolPolicy },
): Promise<{ enabled: boolean; policy: ToolPolicy }> {
  const changes = {
    ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    ...(input.policy ? { policy: input.policy } : {}),
  };
  const ref = input.tool;
  let saved;
  if (ref.kind === "connector") {
    const c = await ownedConnector(userId, ref.connectorId);
    const d = connectorDefaults(connectorTool(c, ref.toolName));
    saved = await saveToolSetting(
      userId,
      { source: settingSource({ kind: "connector", connectorId: c.id }), toolName: ref.toolName },
      d,
      changes,
    );
  } else {
    const tool = SYSTEM_TOOLS.find((t) => t.id === (ref.toolId as SystemToolId))?.agentTools.find(
      (a) => a.name === ref.toolName,
    );
    if (!tool) throw new AppError("NOT_FOUND", `There is no tool named ${ref.toolName}.`);
    saved = await saveToolSetting(
      userId,
      { source: settingSource({ kind: "system", toolId: ref.toolId }), toolName: ref.toolName },
      { policy: defaultPolicy({ ...tool, source: { kind: "system" } }), hash: null, definition: null },
      changes,
    );
  }
  return { enabled: saved.enabled, policy: saved.policy as ToolPolicy };
}

/** The definition the user accepted last next to the current one. */
export async function toolReview(userId: string, connectorId: string, toolName: string): Promise<ToolReview> {
  const c = await ownedConnector(userId, connectorId);
  const t = connectorTool(c, toolName);
  const d = connectorDefaults(t);
  const source = settingSource({ kind: "connector", connectorId: c.id });
  const s = (await listToolSettings(userId, [source])).find((x) => x.toolName === toolName);
  return {
    toolName,
    label: toolLabel(c.name, t),
    pinned: (s?.pinnedDefinition as ToolDefinition | null | undefined) ?? null,
    current: d.definition,
    currentHash: d.hash,
  };
}

/** Accepts the reviewed definition: the tool is offered again, pinned to it. */
export async function acceptToolChange(
  userId: string,
  input: { connectorId: string; toolName: string; hash: string },
): Promise<{ accepted: true }> {
  const c = await ownedConnector(userId, input.connectorId);
  const d = connectorDefaults(connectorTool(c, input.toolName));
  if (d.hash !== input.hash)
    throw new AppError("TOOL_CHANGED", "The tool changed again since you opened the review. Review it once more.");
  await pinToolDefinition(
    userId,
    { source: settingSource({ kind: "connector", connectorId: c.id }), toolName: input.toolName },
    d,
    d,
  );
  return { accepted: true };
}
