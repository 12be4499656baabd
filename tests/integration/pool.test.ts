// The MCP connection pool: reuse, idle close, and no cross-user sharing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { McpPool } from "@/server/connectors/pool";
import { makeTools, startMcpServer, type TestServer } from "../support/mcp-servers";

let server: TestServer;
beforeAll(async () => {
  server = await startMcpServer({ tools: makeTools(2) });
});
afterAll(async () => {
  await server.close();
});

const none = () => ({ type: "none" as const });
const connector = (userId: string, updatedAt = new Date(0)) => ({
  id: "c1",
  userId,
  url: server.url,
  transport: "streamable-http",
  updatedAt,
});

describe("MCP connection pool", () => {
  it("keeps one connection per user and connector, never shared between users", async () => {
    const pool = new McpPool(() => 60_000);
    await pool.listTools(connector("alice"), none, 3000);
    await pool.listTools(connector("alice"), none, 3000);
    expect(pool.size()).toBe(1);
    await pool.listTools(connector("bob"), none, 3000);
    expect(pool.size()).toBe(2);
    await pool.closeAll();
    expect(pool.size()).toBe(0);
  });

  it("replaces the connection of an edited connector and caches its tools until then", async () => {
    const pool = new McpPool(() => 60_000);
    await pool.listTools(connector("carol"), none, 3000);
    const requests = server.requests.length;
    await pool.listTools(connector("carol"), none, 3000);
    expect(server.requests.length).toBe(requests);
    await pool.listTools(connector("carol", new Date(1)), none, 3000);
    expect(server.requests.length).toBeGreaterThan(requests);
    expect(pool.size()).toBe(1);
    await pool.closeAll();
  });

  it("does not close a connection while a call on it is still running", async () => {
    const slow = await startMcpServer({ tools: makeTools(2), delayMs: 120 });
    try {
      const pool = new McpPool(() => 30);
      const c = { ...connector("erin"), url: slow.url };
      // Each request takes four idle periods; the listing must still complete.
      await expect(pool.listTools(c, none, 3000)).resolves.toHaveLength(2);
      expect(pool.size()).toBe(1);
      await new Promise((r) => setTimeout(r, 100));
      expect(pool.size()).toBe(0);
    } finally {
      await slow.close();
    }
  });

  it("closes idle connections", async () => {
    const pool = new McpPool(() => 50);
    await pool.listTools(connector("dave"), none, 3000);
    expect(pool.size()).toBe(1);
    await new Promise((r) => setTimeout(r, 150));
    expect(pool.size()).toBe(0);
  });

  it("forgets a connection that failed, so the next use tries again", async () => {
    const pool = new McpPool(() => 60_000);
    await expect(pool.listTools({ ...connector("erin"), url: "http://127.0.0.1:1/mcp" }, none, 1000)).rejects.toThrow();
    expect(pool.size()).toBe(0);
  });
});
