// Hostile MCP servers: every case ends with its code within its deadline, and the
// process stays up.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import { executeTool } from "@/server/agent/execute";
import { loadUserTools } from "@/server/agent/toolset";
import { mcpPool } from "@/server/connectors/pool";
import { parseOutboundAllow } from "@/server/platform/outbound";
import { validateMcpConnection } from "@/server/connectors/validator";
import { MAX_RESULT_CHARS } from "@/server/agent/tool-result";
import { report } from "../support/count";
import { makeTools, startHostileServer, startMcpServer, type HostileKind } from "../support/mcp-servers";
import { useTestDatabase } from "../support/db";
import { signedInCaller } from "../support/trpc";

useTestDatabase();
const loopback = parseOutboundAllow("127.0.0.1");
const outcomes: string[] = [];

beforeAll(() => {
  process.env.TOOL_CALL_TIMEOUT_MS = "500";
  resetEnvForTests();
});
afterAll(async () => {
  delete process.env.TOOL_CALL_TIMEOUT_MS;
  resetEnvForTests();
  await mcpPool().closeAll();
  report(
    "hostile",
    outcomes.length,
    `${outcomes.filter((o) => o.startsWith("ok")).length} ended with their code in time (${outcomes.join(", ")})`,
  );
});

async function timed<T>(deadlineMs: number, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await fn();
  expect(Date.now() - started).toBeLessThan(deadlineMs + 500);
  return result;
}

describe("hostile servers during the connection test", () => {
  it.each<[HostileKind, string]>([
    ["hang", "TIMEOUT"],
    ["trickle", "TIMEOUT"],
    ["html", "INVALID_MCP_SERVER"],
    ["500", "INVALID_MCP_SERVER"],
    ["401", "AUTH_FAILED"],
    ["403", "AUTH_FAILED"],
    ["invalid-jsonrpc", "INVALID_MCP_SERVER"],
    ["close-mid-stream", "INVALID_MCP_SERVER"],
    ["redirect-loop", "INVALID_MCP_SERVER"],
  ])("%s ends with %s", async (kind, code) => {
    const server = await startHostileServer(kind);
    try {
      const result = await timed(800, () =>
        validateMcpConnection({ url: server.url, auth: { type: "none" }, policy: loopback, timeoutMs: 800 }),
      );
      expect(result.code).toBe(code);
      outcomes.push(`ok ${kind}`);
    } finally {
      await server.close();
    }
  });

  it("a list of 10,000 tools is refused clearly", async () => {
    const server = await startMcpServer({ tools: makeTools(10_000), pageSize: 2_000 });
    try {
      const result = await timed(3000, () =>
        validateMcpConnection({ url: server.url, auth: { type: "none" }, policy: loopback, timeoutMs: 3000 }),
      );
      expect(result).toMatchObject({
        ok: false,
        code: "INVALID_MCP_SERVER",
        message: "The server offers more than 1000 tools; connectors support at most 1000.",
      });
      outcomes.push("ok 10000-tools");
    } finally {
      await server.close();
    }
  });
});

describe("hostile servers during tool calls", () => {
  it("a huge result is cut to a size the model can take", async () => {
    const server = await startMcpServer({
      tools: makeTools(1),
      onCall: () => ({ content: [{ type: "text", text: "x".repeat(3_000_000) }] }),
    });
    try {
      const { caller, user } = await signedInCaller();
      await caller.connectors.create({ name: "Huge", url: server.url, auth: { type: "none" } });
      const tool = [...(await loadUserTools(user.id)).tools.values()].find((t) => t.source.kind === "connector")!;
      const outcome = await executeTool(user.id, tool, { text: "a" });
      expect(outcome.ok).toBe(true);
      expect(outcome.text.length).toBeLessThan(MAX_RESULT_CHARS + 100);
      expect(outcome.text).toMatch(/more characters cut\]$/);
      outcomes.push("ok huge-result");
    } finally {
      await server.close();
    }
  });

  it("a call that never returns ends with TIMEOUT at its deadline", async () => {
    const server = await startMcpServer({ tools: makeTools(1), onCall: () => new Promise(() => undefined) });
    try {
      const { caller, user } = await signedInCaller();
      await caller.connectors.create({ name: "Stuck", url: server.url, auth: { type: "none" } });
      const tool = [...(await loadUserTools(user.id)).tools.values()].find((t) => t.source.kind === "connector")!;
      const outcome = await timed(500, () => executeTool(user.id, tool, { text: "a" }));
      expect(outcome).toMatchObject({ ok: false, errorCode: "TIMEOUT" });
      outcomes.push("ok never-returns");
    } finally {
      await server.close();
    }
  });
});
