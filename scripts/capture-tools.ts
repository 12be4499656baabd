// Captures the tool definitions (tools/list) of real MCP servers published on npm, for the
// tool-search benchmark's corpus in bench/fixtures/tools/. Run once when the corpus should
// change, not by the benchmark itself:
//
//   mkdir -p /tmp/peers && cd /tmp/peers && npm init -y && \
//     npm install --ignore-scripts <the packages below, at the versions wanted>
//   MCP_PEERS_DIR=/tmp/peers/node_modules npx tsx scripts/capture-tools.ts
//
// Each server runs locally in its own process over stdio with placeholder credentials
// (listing tools needs none of them); a server that does not answer within 30 s is skipped.
// Left out because they cannot list tools offline: @heroku/mcp-server, @supabase/mcp-server-supabase.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";

type Peer = { pkg: string; bin: string; args?: string[]; env?: Record<string, string> };

const PEERS: Peer[] = [
  { pkg: "@modelcontextprotocol/server-everything", bin: "dist/index.js", args: ["stdio"] },
  { pkg: "@modelcontextprotocol/server-filesystem", bin: "dist/index.js", args: ["/tmp"] },
  { pkg: "@modelcontextprotocol/server-memory", bin: "dist/index.js" },
  { pkg: "@modelcontextprotocol/server-sequential-thinking", bin: "dist/index.js" },
  { pkg: "@modelcontextprotocol/server-github", bin: "dist/index.js", env: { GITHUB_PERSONAL_ACCESS_TOKEN: "x" } },
  { pkg: "@modelcontextprotocol/server-gitlab", bin: "dist/index.js", env: { GITLAB_PERSONAL_ACCESS_TOKEN: "x" } },
  {
    pkg: "@modelcontextprotocol/server-slack",
    bin: "dist/index.js",
    env: { SLACK_BOT_TOKEN: "x", SLACK_TEAM_ID: "T1" },
  },
  { pkg: "@modelcontextprotocol/server-google-maps", bin: "dist/index.js", env: { GOOGLE_MAPS_API_KEY: "x" } },
  { pkg: "@modelcontextprotocol/server-brave-search", bin: "dist/index.js", env: { BRAVE_API_KEY: "x" } },
  { pkg: "@notionhq/notion-mcp-server", bin: "bin/cli.mjs", env: { NOTION_TOKEN: "x" } },
  { pkg: "@playwright/mcp", bin: "cli.js" },
  { pkg: "chrome-devtools-mcp", bin: "build/src/bin/chrome-devtools-mcp.js" },
  { pkg: "mcp-server-kubernetes", bin: "dist/index.js" },
  { pkg: "@wonderwhy-er/desktop-commander", bin: "dist/index.js" },
  { pkg: "mongodb-mcp-server", bin: "dist/esm/index.js", env: { MDB_MCP_TELEMETRY: "disabled" } },
  { pkg: "@circleci/mcp-server-circleci", bin: "dist/index.js", env: { CIRCLECI_TOKEN: "x" } },
  { pkg: "firecrawl-mcp", bin: "dist/index.js", env: { FIRECRAWL_API_KEY: "fc-x" } },
  { pkg: "@hubspot/mcp-server", bin: "dist/index.js", env: { PRIVATE_APP_ACCESS_TOKEN: "x" } },
];

const peersDir = process.env.MCP_PEERS_DIR ?? path.resolve("node_modules");
const outDir = path.resolve("bench/fixtures/tools");
mkdirSync(outDir, { recursive: true });

function slug(pkg: string): string {
  return pkg.replace(/^@/, "").replace(/[^a-z0-9]+/gi, "-");
}

/** Only what a client sends to a model: name, title, description, input schema. */
function keep(t: Tool) {
  return {
    name: t.name,
    ...(t.title ? { title: t.title } : t.annotations?.title ? { title: t.annotations.title } : {}),
    ...(t.description ? { description: t.description } : {}),
    inputSchema: t.inputSchema,
  };
}

async function capture(peer: Peer): Promise<number> {
  const dir = path.join(peersDir, peer.pkg);
  const { version } = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string };
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [path.join(dir, peer.bin), ...(peer.args ?? [])],
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...peer.env },
    stderr: "ignore",
  });
  const client = new Client({ name: "capture-tools", version: "1" });
  try {
    await client.connect(transport, { timeout: 30_000 });
    const tools: Tool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : {}, { timeout: 30_000 });
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    const file = path.join(outDir, `${slug(peer.pkg)}.json`);
    writeFileSync(file, `${JSON.stringify({ package: peer.pkg, version, tools: tools.map(keep) }, null, 2)}\n`);
    return tools.length;
  } finally {
    await client.close().catch(() => undefined);
  }
}

let total = 0;
for (const peer of PEERS) {
  try {
    const count = await capture(peer);
    total += count;
    process.stdout.write(`${peer.pkg}: ${count} tools\n`);
  } catch (err) {
    process.stdout.write(`${peer.pkg}: skipped (${err instanceof Error ? err.message : String(err)})\n`);
  }
}
process.stdout.write(`total: ${total} tools\n`);
