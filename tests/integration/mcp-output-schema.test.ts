// A tool's structured result against the output schema it declared, both from an untrusted
// server, through a real tool call over HTTP: a mismatch or an unusable schema is shown next
// to the result (never hidden, never fatal), and a failed call is not held to the schema.
import { afterEach, describe, expect, it } from "vitest";
import { mcpPool } from "@/server/connectors/pool";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { useTestDatabase } from "../support/db";
import type { TestServer } from "../support/mcp-servers";
import { startStatefulMcpServer } from "../support/mcp-sessions";
import { signedInCaller } from "../support/trpc";

useTestDatabase();
const servers: TestServer[] = [];
afterEach(async () => {
  await mcpPool().closeAll();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const counted = { type: "object" as const, properties: { count: { type: "number" } }, required: ["count"] };
const tools: Tool[] = [
  { name: "stats", inputSchema: { type: "object" }, outputSchema: counted },
  // Not a schema AJV can compile: an unknown type.
  {
    name: "odd-schema",
    inputSchema: { type: "object" },
    outputSchema: { type: "object", properties: { n: { type: "nope" } } },
  },
  // A schema far larger than any tool needs.
  {
    name: "huge-schema",
    inputSchema: { type: "object" },
    outputSchema: {
      type: "object",
      properties: Object.fromEntries(
        Array.from({ length: 5000 }, (_, i) => [`field_${i}`, { type: "string", description: "x".repeat(20) }]),
      ),
    },
  },
];

function result(name: string, args: Record<string, unknown>): CallToolResult {
  if (args.fail) return { content: [{ type: "text", text: "it broke" }], isError: true };
  const structuredContent = args.count === undefined ? { field_0: "a" } : { count: args.count };
  return { content: [{ type: "text", text: name }], structuredContent };
}

async function setup() {
  const server = await startStatefulMcpServer({ tools, onCall: result });
  servers.push(server);
  const { caller } = await signedInCaller();
  const c = await caller.connectors.create({ name: "Stats", url: server.url, auth: { type: "none" } });
  for (const t of tools)
    await caller.toolPolicy.update({
      tool: { kind: "connector", connectorId: c.id, toolName: t.name },
      policy: "always",
    });
  let n = 0;
  return (toolName: string, args: Record<string, unknown> = {}) =>
    caller.agent
      .runTool({
        conversationId: `schema-${(n += 1)}`,
        selection: { kind: "connector", connectorId: c.id, toolName },
        args,
      })
      .then((r) => r.outcome);
}

describe("structured results and output schemas", () => {
  it("a result that matches is kept; one that does not is shown with the reason, every time", async () => {
    const run = await setup();
    const ok = await run("stats", { count: 3 });
    expect(ok).toMatchObject({ ok: true, structured: { count: 3 } });
    expect(ok.structuredError).toBeUndefined();
    for (let i = 0; i < 2; i++) {
      const wrong = await run("stats", { count: "many" });
      expect(wrong.structured).toEqual({ count: "many" });
      expect(wrong.structuredError).toMatch(/^The result does not match the tool's output schema: .*count/);
    }
  });

  it("a failed call is not held to the schema", async () => {
    const run = await setup();
    const failed = await run("stats", { fail: true });
    expect(failed.structuredError).toBeUndefined();
    expect(failed.text).toContain("it broke");
  });

  it("a schema that cannot be compiled, or is too large, is reported with the result, which still arrives", async () => {
    const run = await setup();
    const odd = await run("odd-schema", { count: 1 });
    expect(odd.structured).toEqual({ count: 1 });
    expect(odd.structuredError).toMatch(/^The tool's output schema could not be used \(.+\)\.$/);
    const huge = await run("huge-schema");
    expect(huge.structured).toEqual({ field_0: "a" });
    expect(huge.structuredError).toBe("The tool's output schema could not be used (it is too large).");
  });
});
