// A server's tool list goes into every connectors.list and every model request: a tool's
// description, its input schema and the whole list are capped (configurable), and a server
// over a cap is refused with a message that says which cap and by how much.
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import { McpPool } from "@/server/connectors/pool";
import { validateMcpConnection } from "@/server/connectors/validator";
import { parseOutboundAllow } from "@/server/platform/outbound";
import { makeTools, startMcpServer, type TestServer } from "../support/mcp-servers";
import { count } from "./report";

const servers: TestServer[] = [];
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serving(tools: Tool[], pageSize?: number) {
  const s = await startMcpServer({ tools, pageSize });
  servers.push(s);
  return s;
}
const test = (url: string) =>
  validateMcpConnection({ url, auth: { type: "none" }, policy: parseOutboundAllow("127.0.0.1"), timeoutMs: 5000 });

const tool = (name: string, over: Partial<Tool> = {}): Tool => ({
  name,
  description: "fine",
  inputSchema: { type: "object", properties: { q: { type: "string" } } },
  ...over,
});

describe("tool list caps (defaults)", () => {
  it("refuses a tool whose description is over the cap, naming the tool and the setting", async () => {
    const s = await serving([tool("ok"), tool("huge_doc", { description: "x".repeat(64 * 1024) })]);
    count("probes");
    const result = await test(s.url);
    expect(result).toMatchObject({ ok: false, code: "INVALID_MCP_SERVER", tools: [] });
    expect(result.message).toMatch(/huge_doc.*description.*65536 bytes.*at most 8192.*TOOL_DESCRIPTION_MAX_BYTES/);
    count("refused");
  });

  it("refuses a tool whose input schema is over the cap", async () => {
    const properties = Object.fromEntries(
      Array.from({ length: 3000 }, (_, i) => [`field_${i}`, { type: "string", description: "a field" }]),
    );
    const s = await serving([tool("wide", { inputSchema: { type: "object", properties } })]);
    count("probes");
    const result = await test(s.url);
    expect(result.code).toBe("INVALID_MCP_SERVER");
    expect(result.message).toMatch(/wide.*input schema.*bytes.*at most 65536.*TOOL_SCHEMA_MAX_BYTES/);
    count("refused");
  });

  it("refuses a list whose total size is over the cap, across pages, through the pool as well", async () => {
    // 600 tools of ~7 KiB each: every one within its caps, ~4 MiB together.
    const tools = Array.from({ length: 600 }, (_, i) => tool(`t_${i}`, { description: "d".repeat(7000) }));
    const s = await serving(tools, 50);
    count("probes");
    const result = await test(s.url);
    expect(result.code).toBe("INVALID_MCP_SERVER");
    expect(result.message).toMatch(/tool list is over 2097152 bytes.*TOOL_LIST_MAX_BYTES/);
    count("refused");
    count("probes");
    const pool = new McpPool(() => 60_000);
    const c = { id: "c1", userId: "u1", url: s.url, transport: "streamable-http", updatedAt: new Date(0) };
    await expect(pool.listTools(c, () => ({ type: "none" }), 5000)).rejects.toMatchObject({
      code: "INVALID_MCP_SERVER",
      message: expect.stringMatching(/TOOL_LIST_MAX_BYTES/) as unknown,
    });
    count("refused");
    await pool.closeAll();
  });

  it("accepts an ordinary server", async () => {
    const s = await serving(makeTools(20));
    expect(await test(s.url)).toMatchObject({ ok: true, code: null });
  });
});

describe("tool list caps are configurable", () => {
  it("applies the configured sizes", async () => {
    process.env.TOOL_DESCRIPTION_MAX_BYTES = "100";
    process.env.TOOL_SCHEMA_MAX_BYTES = "100000";
    process.env.TOOL_LIST_MAX_BYTES = "500";
    resetEnvForTests();
    const small = await serving([tool("a", { description: "y".repeat(101) })]);
    expect((await test(small.url)).message).toMatch(/at most 100 bytes/);
    const many = await serving(makeTools(10));
    expect((await test(many.url)).message).toMatch(/over 500 bytes/);
  });
});
