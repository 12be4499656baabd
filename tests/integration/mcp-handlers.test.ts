// What a server may ask of the app during a connection (elicitation), tell it (progress,
// list changes) or be told (cancellation), through the pool's hooks, against a real
// stateful server; and the client declares exactly the capabilities it has handlers for.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { APP_ELICITATION_MODES, type ElicitHandler } from "@/server/connectors/mcp-handlers";
import { McpPool, type HandlersFor, type PoolConnector } from "@/server/connectors/pool";
import type { ClientCapabilities, ElicitRequestFormParams } from "@modelcontextprotocol/sdk/types.js";
import { makeTools, type TestServer } from "../support/mcp-servers";
import { startStatefulMcpServer } from "../support/mcp-sessions";

const none = () => ({ type: "none" as const });
// The chat renders MCP Apps on every connection, so every connection declares the extension.
const apps = { extensions: { "io.modelcontextprotocol/ui": { mimeTypes: ["text/html;profile=mcp-app"] } } };
const servers: TestServer[] = [];
const pools: McpPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.closeAll()));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const form: ElicitRequestFormParams = {
  message: "Who are you?",
  requestedSchema: {
    type: "object",
    properties: { name: { type: "string", default: "Ada" }, age: { type: "number", default: 36 } },
  },
};

/** A server whose tool asks the user through elicitation and returns what it got. */
async function askingServer() {
  const seen: { capabilities?: ClientCapabilities; cancelled?: boolean } = {};
  const server = await startStatefulMcpServer({
    tools: makeTools(1, "ask"),
    onCall: async (name, _args, call) => {
      seen.capabilities = call.server.getClientCapabilities();
      if (name === "ask_1" && seen.capabilities?.elicitation) {
        const answer = await call.server.elicitInput(form);
        return { content: [{ type: "text", text: JSON.stringify(answer) }] };
      }
      return { content: [{ type: "text", text: "no elicitation" }] };
    },
  });
  servers.push(server);
  return { server, seen };
}

function pool(handlers?: HandlersFor): McpPool {
  const p = new McpPool(() => 60_000, { handlers });
  pools.push(p);
  return p;
}
const connector = (server: TestServer): PoolConnector => ({
  id: "conn-1",
  userId: "u1",
  url: server.url,
  transport: "streamable-http",
  updatedAt: new Date(0),
});

describe("elicitation", () => {
  it("is not declared without a handler", async () => {
    const { server, seen } = await askingServer();
    const result = await pool().callTool(connector(server), none, "ask_1", {}, 3000);
    expect(result.content).toEqual([{ type: "text", text: "no elicitation" }]);
    expect(seen.capabilities).toEqual(apps);
  });

  it("reaches the handler with the connector's id; an accepted form gets the schema's defaults", async () => {
    const { server, seen } = await askingServer();
    const asked: { message: string; connectorId: string | null }[] = [];
    const onElicit: ElicitHandler = (request, ctx) => {
      asked.push({ message: request.message, connectorId: ctx.connectorId });
      return Promise.resolve({ action: "accept", content: {} });
    };
    const result = await pool(() => ({ onElicit })).callTool(connector(server), none, "ask_1", {}, 3000);
    expect(seen.capabilities).toEqual({ ...apps, elicitation: { form: { applyDefaults: true } } });
    expect(asked).toEqual([{ message: "Who are you?", connectorId: "conn-1" }]);
    expect(JSON.parse((result.content as { text: string }[])[0]!.text)).toEqual({
      action: "accept",
      content: { name: "Ada", age: 36 },
    });
  });

  it("the app's connections declare form and URL questions together with MCP Apps", async () => {
    const { server, seen } = await askingServer();
    const onElicit: ElicitHandler = () => Promise.resolve({ action: "cancel" });
    await pool(() => ({ onElicit, elicitationModes: APP_ELICITATION_MODES })).callTool(
      connector(server),
      none,
      "ask_1",
      {},
      3000,
    );
    expect(seen.capabilities).toEqual({ ...apps, elicitation: { form: { applyDefaults: true }, url: {} } });
  });

  it("handlers set on a pool in use apply from the next connection on", async () => {
    const { server, seen } = await askingServer();
    const p = pool();
    await p.callTool(connector(server), none, "ask_1", {}, 3000);
    expect(seen.capabilities).toEqual(apps);
    await p.setHandlers(() => ({ onElicit: () => Promise.resolve({ action: "cancel" }) }));
    expect(p.size()).toBe(0);
    const result = await p.callTool(connector(server), none, "ask_1", {}, 3000);
    expect(result.content).toEqual([{ type: "text", text: JSON.stringify({ action: "cancel" }) }]);
  });

  it("a decline is the server's to handle", async () => {
    const { server } = await askingServer();
    const onElicit: ElicitHandler = () => Promise.resolve({ action: "decline" });
    const result = await pool(() => ({ onElicit })).callTool(connector(server), none, "ask_1", {}, 3000);
    expect(result.content).toEqual([{ type: "text", text: JSON.stringify({ action: "decline" }) }]);
  });
});

describe("progress, cancellation and list changes", () => {
  it("reports the server's progress of a call", async () => {
    const server = await startStatefulMcpServer({
      tools: makeTools(1),
      onCall: async (_name, _args, call) => {
        for (const progress of [1, 2])
          await call.notify({
            method: "notifications/progress",
            params: { progressToken: call.progressToken!, progress, total: 2, message: `step ${progress}` },
          });
        return { content: [{ type: "text", text: "done" }] };
      },
    });
    servers.push(server);
    const seen: string[] = [];
    await pool().callTool(connector(server), none, "tool_1", {}, 3000, {
      onProgress: (p) => seen.push(`${p.progress}/${p.total} ${p.message}`),
    });
    expect(seen).toEqual(["1/2 step 1", "2/2 step 2"]);
  });

  it("aborting a call cancels it on the server", async () => {
    let cancelled: () => void = () => undefined;
    const serverSawCancel = new Promise<void>((resolve) => (cancelled = resolve));
    const server = await startStatefulMcpServer({
      tools: makeTools(1),
      onCall: (_name, _args, call) =>
        new Promise(() => call.signal.addEventListener("abort", () => cancelled(), { once: true })),
    });
    servers.push(server);
    const stop = new AbortController();
    const call = pool().callTool(connector(server), none, "tool_1", {}, 10_000, { signal: stop.signal });
    setTimeout(() => stop.abort(new Error("stopped by the user")), 100);
    await expect(call).rejects.toThrow(/stopped by the user/);
    await serverSawCancel;
  });

  it("a changed tool list reaches the handler and is fetched again", async () => {
    const server = await startStatefulMcpServer({ tools: makeTools(2) });
    servers.push(server);
    const changes: string[] = [];
    const p = pool(() => ({ onListChanged: (list) => changes.push(list) }));
    await p.listTools(connector(server), none, 3000);
    while (!server.requests.some((r) => r.method === "GET")) await new Promise((r) => setTimeout(r, 20));
    await server.notifyToolsChanged();
    while (changes.length === 0) await new Promise((r) => setTimeout(r, 20));
    const before = server.requests.length;
    await p.listTools(connector(server), none, 3000);
    expect(changes).toEqual(["tools"]);
    expect(server.requests.length).toBeGreaterThan(before);
  });
});
