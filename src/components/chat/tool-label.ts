import type { AvailableTool, ToolCallOutcome } from "@/lib/schemas/agent";

/**
 * How people read a tool of the chat: its label ("Docs › Search the docs") from the
 * outcome or the available tools, else built from what the call says. Never the name the
 * model sees (`Docs_1a2b3c__search`), unless nothing else is known.
 */
export function toolLabel(modelName: string, outcome: ToolCallOutcome | undefined, tools: AvailableTool[] | undefined) {
  if (outcome?.label) return outcome.label;
  const known = tools?.find((t) => t.name === modelName);
  if (known) return known.label;
  if (outcome?.source.kind === "connector") return `${outcome.source.connectorName} › ${outcome.tool}`;
  if (outcome) return outcome.tool;
  // A connector tool the list no longer has: "Name_hash__tool" reads as "tool".
  const m = /^.+_[0-9a-f]{6}__(.+)$/.exec(modelName);
  return m?.[1] ?? modelName;
}
