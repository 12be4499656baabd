// Which tools the model may be offered, by the user's per-tool settings: a disabled tool
// or one set to "Never" is not offered, and a connector tool whose definition differs
// from the one the user last accepted is held back until the user reviews it. Tools seen
// for the first time are pinned as they are, with the default policy.
import type { ToolAnnotations } from "@/lib/schemas/connectors";
import type { ToolDefinition, ToolPolicy } from "@/lib/schemas/tool-policy";
import type { ToolSelection } from "@/lib/tool-selection";
import type { LoadedTool } from "@/server/agent/toolset";
import { listToolSettings, pinNewTools, settingSource, type ToolSettingRecord } from "@/server/db/tool-settings";
import { canonicalHash } from "@/server/platform/canonical";

export type WithheldReason = "disabled" | "never" | "changed";
export type Verdict = { offered: true; policy: ToolPolicy } | { offered: false; reason: WithheldReason };

/** Annotations are hints from an untrusted server: only a read-only hint skips asking. */
export function defaultPolicy(tool: {
  annotations?: ToolAnnotations;
  requiresConfirmation?: boolean;
  source: { kind: string };
}): ToolPolicy {
  if (tool.source.kind === "system") return tool.requiresConfirmation ? "ask" : "always";
  return tool.annotations?.readOnlyHint === true ? "always" : "ask";
}

/** The parts of a tool that, changed, make it a different tool for the user. */
export function definitionOf(t: {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  annotations?: ToolAnnotations;
}): ToolDefinition {
  return {
    description: t.description ?? t.title ?? t.name,
    inputSchema: t.inputSchema,
    annotations: t.annotations ?? {},
  };
}

export const definitionHash = (d: ToolDefinition) => canonicalHash(d);

export function sourceOf(tool: Pick<LoadedTool, "source">): string {
  const s = tool.source;
  return s.kind === "connector"
    ? settingSource({ kind: "connector", connectorId: s.connectorId })
    : settingSource({ kind: "system", toolId: s.toolId });
}

function loadedDefinition(t: LoadedTool): ToolDefinition {
  return { description: t.description, inputSchema: t.inputSchema, annotations: t.annotations ?? {} };
}

function verdictOf(tool: LoadedTool, setting: ToolSettingRecord | undefined): Verdict {
  if (setting && !setting.enabled) return { offered: false, reason: "disabled" };
  const policy = (setting?.policy as ToolPolicy | undefined) ?? defaultPolicy(tool);
  if (policy === "never") return { offered: false, reason: "never" };
  if (
    tool.source.kind === "connector" &&
    setting?.pinnedHash &&
    setting.pinnedHash !== definitionHash(loadedDefinition(tool))
  )
    return { offered: false, reason: "changed" };
  return { offered: true, policy };
}

/**
 * The verdict on every tool of a toolset, by its model name. One read of the user's
 * settings; connector tools seen for the first time are pinned.
 */
export async function judgeTools(userId: string, tools: LoadedTool[]): Promise<Map<string, Verdict>> {
  const settings = new Map(
    (await listToolSettings(userId, [...new Set(tools.map(sourceOf))])).map((s) => [`${s.source}\n${s.toolName}`, s]),
  );
  const settingOf = (t: LoadedTool) => settings.get(`${sourceOf(t)}\n${t.originalName}`);
  await pinNewTools(
    userId,
    tools
      .filter((t) => t.source.kind === "connector" && !settingOf(t))
      .map((t) => {
        const definition = loadedDefinition(t);
        return {
          source: sourceOf(t),
          toolName: t.originalName,
          policy: defaultPolicy(t),
          hash: definitionHash(definition),
          definition,
        };
      }),
  );
  return new Map(tools.map((t) => [t.name, verdictOf(t, settingOf(t))]));
}

/** The verdict on one tool, read fresh: a call is refused if its tool is no longer offered. */
export async function judgeTool(userId: string, tool: LoadedTool): Promise<Verdict> {
  return (await judgeTools(userId, [tool])).get(tool.name)!;
}

/**
 * The toolset filter: what may be offered to the model, and what was held back. The
 * toolset (however it is assembled) passes through here before the model sees it.
 */
export async function offeredTools(
  userId: string,
  tools: LoadedTool[],
): Promise<{ offered: LoadedTool[]; withheld: { tool: LoadedTool; reason: WithheldReason }[] }> {
  const verdicts = await judgeTools(userId, tools);
  const offered: LoadedTool[] = [];
  const withheld: { tool: LoadedTool; reason: WithheldReason }[] = [];
  for (const t of tools) {
    const v = verdicts.get(t.name)!;
    if (v.offered) offered.push(t);
    else withheld.push({ tool: t, reason: v.reason });
  }
  return { offered, withheld };
}

/**
 * What the Apps menu may list: tools turned off or set to Never are left out. A changed
 * tool stays listed; picking it says it waits for a review.
 */
export async function pickableTools<T extends { selection: ToolSelection }>(userId: string, items: T[]): Promise<T[]> {
  const blocked = new Set(
    (await listToolSettings(userId))
      .filter((s) => !s.enabled || s.policy === "never")
      .map((s) => `${s.source}\n${s.toolName}`),
  );
  if (blocked.size === 0) return items;
  return items.filter((i) => {
    const s = i.selection;
    const source =
      s.kind === "connector"
        ? settingSource({ kind: "connector", connectorId: s.connectorId })
        : settingSource({ kind: "system", toolId: s.toolId });
    return !blocked.has(`${source}\n${s.toolName}`);
  });
}

/** Why a tool the user asked for cannot run, in words for them. */
export function withheldMessage(label: string, reason: WithheldReason): string {
  return reason === "disabled"
    ? `${label} is turned off. Turn it on in Connectors to use it.`
    : reason === "never"
      ? `${label} is set to Never. Change its policy in Connectors to use it.`
      : `${label} changed since you last accepted it. Review the change in Connectors before it can be used.`;
}
