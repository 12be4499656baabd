// Which tool definitions go to the model on each step. Up to AGENT_TOOL_SEARCH_THRESHOLD
// tools, all of them. Past it, the model gets a tool-search tool, the selected tool and the
// tools used recently in the conversation; what it finds is offered from its next step on.
// Never more than AGENT_MAX_TOOLS definitions in one request.
import { ToolIndex, type SearchableTool } from "@/server/agent/tool-search";

export const TOOL_SEARCH_NAME = "search_tools";
/** Tools found by one search. */
export const SEARCH_RESULTS = 5;
/** Tools the conversation used that stay offered. */
export const RECENT_TOOLS = 10;

export const TOOL_SEARCH_DESCRIPTION =
  "Finds tools for a task among the many this user has. Describe what you need to do in a few words " +
  '(e.g. "create a GitHub issue", "read a file"). The tools found can be called from your next step.';

export type FoundTool = { name: string; label: string; description: string };

export type ToolOffer = {
  /** Whether the model gets the search tool instead of every definition. */
  searching: boolean;
  /** The tool names for the next step; undefined when every tool is offered. */
  active(): string[] | undefined;
  /** Runs a search and offers what it found from the next step on. */
  search(query: string): FoundTool[];
};

type Part = { type?: unknown; toolName?: unknown };

/** Tool names the conversation called, most recent first, at most `limit`. */
export function recentToolNames(messages: readonly { parts: readonly unknown[] }[], limit = RECENT_TOOLS): string[] {
  const seen: string[] = [];
  for (let i = messages.length - 1; i >= 0 && seen.length < limit; i--) {
    const parts = messages[i]!.parts as Part[];
    for (let j = parts.length - 1; j >= 0 && seen.length < limit; j--) {
      const p = parts[j]!;
      const name =
        p.type === "dynamic-tool" && typeof p.toolName === "string"
          ? p.toolName
          : typeof p.type === "string" && p.type.startsWith("tool-")
            ? p.type.slice("tool-".length)
            : null;
      if (name && name !== TOOL_SEARCH_NAME && !seen.includes(name)) seen.push(name);
    }
  }
  return seen;
}

export function planToolOffer<T extends SearchableTool>(
  tools: readonly T[],
  opts: { forced?: string; recent: readonly string[]; max: number; threshold: number },
): ToolOffer {
  const known = new Set(tools.map((t) => t.name));
  if (tools.length <= Math.min(opts.threshold, opts.max))
    return { searching: false, active: () => undefined, search: () => [] };

  const pinned = [TOOL_SEARCH_NAME, ...(opts.forced ? [opts.forced] : [])];
  const recent = opts.recent.filter((n) => known.has(n) && !pinned.includes(n));
  // Found tools, newest first: when the cap is reached the oldest finds make room.
  let found: string[] = [];
  let index: ToolIndex<T> | undefined;
  return {
    searching: true,
    active: () => [...new Set([...pinned, ...found, ...recent])].slice(0, opts.max),
    search: (query) => {
      // Built on the first search only: a turn that needs no search never pays for it.
      index ??= new ToolIndex(tools);
      const hits = index.search(query, SEARCH_RESULTS);
      found = [...new Set([...hits.map((t) => t.name), ...found])];
      return hits.map((t) => ({ name: t.name, label: t.label, description: t.description.slice(0, 300) }));
    },
  };
}
