// Tool search over real tool definitions: recall@5 on hand-written requests, and the tool
// definition tokens a request carries with the search tool against sending everything.
// Corpus: bench/fixtures/tools/*.json, captured from MCP servers on npm by
// scripts/capture-tools.ts (package and version in each file), plus the app's system tools.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { encode } from "gpt-tokenizer";
import { ToolNamer } from "@/server/agent/naming";
import { planToolOffer, TOOL_SEARCH_DESCRIPTION, TOOL_SEARCH_NAME } from "@/server/agent/tool-offer";
import { ToolIndex, type SearchableTool } from "@/server/agent/tool-search";
import { toolLabel } from "@/server/agent/toolset";
import { SYSTEM_TOOLS } from "@/server/tools/registry";
import { median, print, target } from "./util";

type Captured = {
  package: string;
  version: string;
  tools: { name: string; title?: string; description?: string; inputSchema: Record<string, unknown> }[];
};
type CorpusTool = SearchableTool & { key: string };

/** The names users give these connectors. */
const CONNECTOR_NAMES: Record<string, string> = {
  "@modelcontextprotocol/server-everything": "Everything",
  "@modelcontextprotocol/server-filesystem": "Filesystem",
  "@modelcontextprotocol/server-memory": "Memory",
  "@modelcontextprotocol/server-sequential-thinking": "Sequential Thinking",
  "@modelcontextprotocol/server-github": "GitHub",
  "@modelcontextprotocol/server-gitlab": "GitLab",
  "@modelcontextprotocol/server-slack": "Slack",
  "@modelcontextprotocol/server-google-maps": "Google Maps",
  "@modelcontextprotocol/server-brave-search": "Brave Search",
  "@notionhq/notion-mcp-server": "Notion",
  "@playwright/mcp": "Playwright",
  "chrome-devtools-mcp": "Chrome DevTools",
  "mcp-server-kubernetes": "Kubernetes",
  "@wonderwhy-er/desktop-commander": "Desktop Commander",
  "mongodb-mcp-server": "MongoDB",
  "@circleci/mcp-server-circleci": "CircleCI",
  "firecrawl-mcp": "Firecrawl",
  "@hubspot/mcp-server": "HubSpot",
};

const FIXTURES = path.resolve("bench/fixtures");

function loadCorpus(): { tools: CorpusTool[]; packages: string[] } {
  const namer = new ToolNamer();
  const tools: CorpusTool[] = [];
  for (const s of SYSTEM_TOOLS)
    for (const t of s.agentTools) {
      namer.reserve(t.name);
      tools.push({
        key: `${s.name}/${t.name}`,
        name: t.name,
        label: `${s.name} › ${t.title}`,
        description: t.description,
        inputSchema: t.inputSchema,
      });
    }
  const packages: string[] = [];
  for (const file of readdirSync(path.join(FIXTURES, "tools")).sort()) {
    const captured = JSON.parse(readFileSync(path.join(FIXTURES, "tools", file), "utf8")) as Captured;
    const connector = { id: captured.package, name: CONNECTOR_NAMES[captured.package] ?? captured.package };
    packages.push(`${captured.package}@${captured.version} (${captured.tools.length})`);
    for (const t of captured.tools)
      tools.push({
        key: `${connector.name}/${t.name}`,
        name: namer.name(connector, t.name),
        label: toolLabel(connector.name, t),
        description: t.description ?? t.title ?? t.name,
        inputSchema: t.inputSchema,
      });
  }
  return { tools, packages };
}

/** Tokens of tool definitions as a Chat Completions request carries them. */
function definitionTokens(tools: { name: string; description: string; inputSchema: Record<string, unknown> }[]) {
  const wire = tools.map((t) => ({
    type: "function",
    function: { name: t.name, description: t.description, parameters: t.inputSchema },
  }));
  return wire.length ? encode(JSON.stringify(wire)).length : 0;
}

const searchTool = {
  name: TOOL_SEARCH_NAME,
  description: TOOL_SEARCH_DESCRIPTION,
  inputSchema: { type: "object", properties: { query: { type: "string" } }, required: ["query"] },
};

export function runSearchBench(): void {
  const { tools, packages } = loadCorpus();
  const { cases } = JSON.parse(readFileSync(path.join(FIXTURES, "tool-search-cases.json"), "utf8")) as {
    cases: { request: string; expect: string[] }[];
  };
  const known = new Set(tools.map((t) => t.key));
  for (const c of cases)
    for (const e of c.expect) if (!known.has(e)) throw new Error(`case "${c.request}" expects unknown tool ${e}`);

  // Recall@5: the user's words as the query, the way a model often passes them on.
  const index = new ToolIndex(tools);
  const misses: string[] = [];
  const latencies: number[] = [];
  let hits = 0;
  for (const c of cases) {
    const t = performance.now();
    const found = index.search(c.request, 5).map((x) => x.key);
    latencies.push(performance.now() - t);
    if (found.some((k) => c.expect.includes(k))) hits += 1;
    else misses.push(`    "${c.request}" → expected ${c.expect.join(" or ")}, got ${found.join(", ")}`);
  }
  const recall = hits / cases.length;

  // Tokens at 10 connectors x 100 tools: the corpus dealt round to ten connectors.
  const namer = new ToolNamer();
  const thousand = Array.from({ length: 1000 }, (_, i) => {
    const t = tools[i % tools.length]!;
    const connector = { id: `c${Math.floor(i / 100)}`, name: `Server ${Math.floor(i / 100)}` };
    return { ...t, name: namer.name(connector, `${t.key.split("/")[1]}_${i}`) };
  });
  const everything = definitionTokens(thousand);
  // One turn per case: the first request carries the search tool, the next one what it found.
  const perRequest: number[] = [];
  for (const c of cases) {
    const offer = planToolOffer(thousand, { recent: [], max: 128, threshold: 40 });
    const byName = new Map(thousand.map((t) => [t.name, t]));
    const defs = () => offer.active()!.map((n) => (n === TOOL_SEARCH_NAME ? searchTool : byName.get(n)!));
    perRequest.push(definitionTokens(defs()));
    offer.search(c.request);
    perRequest.push(definitionTokens(defs()));
  }
  const withSearch = perRequest.reduce((a, b) => a + b, 0) / perRequest.length;
  const share = withSearch / everything;

  print([
    `tool search over ${tools.length} real tool definitions (${packages.length} MCP servers from npm + system tools), ${cases.length} labelled requests`,
    `  servers: ${packages.join(", ")}`,
    `  recall@5: ${recall.toFixed(3)} (${hits}/${cases.length}); search median ${median(latencies).toFixed(3)} ms`,
    ...(misses.length ? ["  missed:", ...misses] : []),
    target("recall@5 at least 0.9", recall >= 0.9),
    `  tool-definition tokens per request at 10 x 100 tools (o200k): everything ${everything}, with search ${withSearch.toFixed(0)} on average (${(share * 100).toFixed(1)}%)`,
    target("at most 15% of the tokens of sending everything", share <= 0.15),
  ]);
}
