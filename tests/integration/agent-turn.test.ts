// The agent turn against real local MCP servers, hostile ones included, and the fake
// model: no connection before the model starts, connectors connected when a tool of theirs
// is called (retried once), failing ones left out until they answer again, the stored tool
// lists following the live servers, tool search past the threshold, retry and errors.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/env";
import { handleChat } from "@/server/agent/chat";
import { reportConnectorOutcome } from "@/server/connectors/health";
import { mcpPool } from "@/server/connectors/pool";
import { probingCount, stopProbes } from "@/server/connectors/probe";
import { onSnapshotChange, type SnapshotEvent } from "@/server/connectors/snapshot";
import { findConnector, updateOwnConnector } from "@/server/db/connectors";
import { toolCallPage } from "@/server/db/tool-calls";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { defaultReply, startFakeModel, type ChatRequestBody, type FakeModel } from "../support/fake-openai";
import { makeTools, startHostileServer, startMcpServer, type TestServer } from "../support/mcp-servers";
import { startStatefulMcpServer } from "../support/mcp-sessions";
import { readUiStream } from "../support/ui-stream";
import { useTestDatabase } from "../support/db";
import { signedInCaller } from "../support/trpc";

useTestDatabase();

// These turn-core tests run their tools without stopping for approval: the tools say they
// only read (the default policy for such tools is Always allow). approvals.test.ts covers
// tools that ask.
const readOnly = (tools: Tool[]): Tool[] =>
  tools.map((t) => ({ ...t, annotations: { ...t.annotations, readOnlyHint: true } }));
const readOnlyTools = (count: number, prefix?: string) => readOnly(makeTools(count, prefix));

let model: FakeModel;
let docs: TestServer;
const saved = { ...process.env };
const servers: TestServer[] = [];

const search: Tool = {
  annotations: { readOnlyHint: true },
  name: "search",
  description: "Search the docs",
  inputSchema: { type: "object", properties: { query: { type: "string" } }, required: ["query"] },
};

beforeAll(async () => {
  model = await startFakeModel();
  docs = await startMcpServer({ name: "docs-server", tools: [search] });
  Object.assign(process.env, {
    OPENAI_BASE_URL: model.url,
    OPENAI_API_KEY: "sk-test-key",
    AGENT_MODEL: "fake-model",
    MCP_TEST_TIMEOUT_MS: "1500",
    CONNECTOR_RETRY_DELAY_MS: "50",
    CONNECTOR_PROBE_INTERVAL_MS: "20",
  });
  resetEnvForTests();
});
afterEach(async () => {
  model.reply = defaultReply;
  model.requests.length = 0;
  stopProbes();
  await mcpPool().closeAll();
});
afterAll(async () => {
  process.env = { ...saved };
  resetEnvForTests();
  await Promise.all([model.close(), docs.close(), ...servers.map((s) => s.close())]);
});

async function serve<T extends TestServer>(started: Promise<T>): Promise<T> {
  const s = await started;
  servers.push(s);
  return s;
}

let n = 0;
function userMessage(text: string, metadata?: unknown) {
  n += 1;
  return { id: `u${n}`, role: "user" as const, parts: [{ type: "text", text }], ...(metadata ? { metadata } : {}) };
}

/** A connector saved while its server worked, whose server then broke (it now points at `url`). */
async function brokenConnector(caller: Awaited<ReturnType<typeof signedInCaller>>, name: string, url: string) {
  const good = await serve(startMcpServer({ tools: readOnlyTools(2, name.toLowerCase()) }));
  const c = await caller.caller.connectors.create({ name, url: good.url, auth: { type: "none" } });
  await updateOwnConnector(caller.user.id, c.id, { url });
  return c;
}

const toolNames = (req: ChatRequestBody | undefined) => (req?.tools ?? []).map((t) => t.function.name);
const text = (chunks: Record<string, unknown>[]) =>
  chunks
    .filter((c) => c.type === "text-delta")
    .map((c) => c.delta)
    .join("");

describe("no network before the first token", () => {
  it("starts the model at once from the stored tools, even with hanging servers", async () => {
    const session = await signedInCaller();
    const hang = await serve(startHostileServer("hang"));
    const sse = await serve(startHostileServer("sse-no-endpoint"));
    await session.caller.connectors.create({ name: "Docs", url: docs.url, auth: { type: "none" } });
    await brokenConnector(session, "Hanging", hang.url);
    await brokenConnector(session, "Silent", sse.url.replace("/mcp", "/sse"));
    const seenByServers: number[] = [];
    model.reply = (req) => {
      seenByServers.push(hang.requests.length + sse.requests.length);
      return defaultReply(req);
    };
    const docsBefore = docs.requests.length;

    const chunks = await readUiStream(
      await handleChat(session.user.id, { id: `conv-${n}`, messages: [userMessage("hello")] }),
    );
    expect(text(chunks)).toBe("Hello from the fake model.");
    // The model had its request before any server was contacted, and none was afterwards.
    expect(seenByServers).toEqual([0]);
    expect(hang.requests).toHaveLength(0);
    expect(sse.requests).toHaveLength(0);
    expect(docs.requests.length).toBe(docsBefore);
    // The broken connectors' tools were offered from their snapshots.
    const offered = toolNames(model.requests[0]);
    expect(offered.filter((t) => t.includes("__hanging_"))).toHaveLength(2);
    expect(offered.filter((t) => t.includes("__silent_"))).toHaveLength(2);
    expect(chunks.some((c) => c.type === "data-notice")).toBe(false);
  });

  it("connects when a tool is called, retries once, then tells the model and the chat", async () => {
    const session = await signedInCaller();
    const hang = await serve(startHostileServer("hang"));
    const c = await brokenConnector(session, "Hanging", hang.url);
    model.reply = (req) => {
      if (req.messages.at(-1)?.role === "tool") return defaultReply(req);
      return { toolCalls: [{ name: toolNames(req).find((t) => t.endsWith("__hanging_1"))!, args: { text: "x" } }] };
    };
    const chunks = await readUiStream(
      await handleChat(session.user.id, { id: `conv-${n}`, messages: [userMessage("use it")] }),
    );
    // Two connection attempts, the second after the configured pause.
    const posts = hang.requests.filter((r) => r.method === "POST");
    expect(posts.length).toBe(2);
    expect(chunks.find((ch) => ch.type === "data-toolStatus")).toMatchObject({
      data: { state: "retrying", message: expect.stringContaining("Hanging did not connect (TIMEOUT)") as unknown },
    });
    expect(chunks.find((ch) => ch.type === "tool-output-available")).toMatchObject({
      output: { ok: false, errorCode: "TIMEOUT", source: { connectorName: "Hanging" } },
    });
    expect(chunks.find((ch) => ch.type === "data-notice")).toMatchObject({
      data: { kind: "connector_unavailable", connectorId: c.id, name: "Hanging", code: "TIMEOUT" },
    });
    const toolMessage = model.requests[1]?.messages.find((m) => m.role === "tool");
    expect(JSON.stringify(toolMessage?.content)).toContain("The tool failed (TIMEOUT)");
    expect((await findConnector(session.user.id, c.id))?.consecutiveFailures).toBe(1);
  });

  it("gives up on an SSE server that never says where to send instead of waiting forever", async () => {
    const session = await signedInCaller();
    const sse = await serve(startHostileServer("sse-no-endpoint"));
    const c = await brokenConnector(session, "Silent", sse.url.replace("/mcp", "/sse"));
    await updateOwnConnector(session.user.id, c.id, { transport: "sse" });
    model.reply = (req) =>
      req.messages.at(-1)?.role === "tool"
        ? defaultReply(req)
        : { toolCalls: [{ name: toolNames(req).find((t) => t.endsWith("__silent_1"))!, args: { text: "x" } }] };
    const chunks = await readUiStream(
      await handleChat(session.user.id, { id: `conv-${n}`, messages: [userMessage("use it")] }),
    );
    expect(sse.requests.filter((r) => r.method === "GET")).toHaveLength(2);
    expect(chunks.find((ch) => ch.type === "data-notice")).toMatchObject({
      data: { name: "Silent", code: "TIMEOUT" },
    });
    expect(text(chunks)).toContain("Result:");
  });

  it("reuses a warm pooled connection for the next call", async () => {
    const session = await signedInCaller();
    await session.caller.connectors.create({ name: "Docs", url: docs.url, auth: { type: "none" } });
    const call = (req: ChatRequestBody) =>
      req.messages.at(-1)?.role === "tool"
        ? defaultReply(req)
        : { toolCalls: [{ name: toolNames(req).find((t) => t.endsWith("__search"))!, args: { query: "a" } }] };
    model.reply = call;
    await readUiStream(await handleChat(session.user.id, { id: `conv-${n}`, messages: [userMessage("one")] }));
    const listsBefore = docs.requests.length;
    await readUiStream(await handleChat(session.user.id, { id: `conv-${n}`, messages: [userMessage("two")] }));
    // Only the tools/call itself: no new handshake, no new tool list.
    expect(docs.requests.length - listsBefore).toBe(1);
  });
});

describe("a connector marked failing", () => {
  it("is not offered, is probed in the background and comes back by itself", async () => {
    const session = await signedInCaller();
    const c = await session.caller.connectors.create({ name: "Docs", url: docs.url, auth: { type: "none" } });
    for (let i = 0; i < 3; i++) await reportConnectorOutcome(session.user.id, c.id, false, "TIMEOUT", "It timed out.");
    expect((await findConnector(session.user.id, c.id))?.failingSince).not.toBeNull();

    const chunks = await readUiStream(
      await handleChat(session.user.id, { id: `conv-${n}`, messages: [userMessage("hi")] }),
    );
    expect(toolNames(model.requests[0]).some((t) => t.endsWith("__search"))).toBe(false);
    expect(chunks.find((ch) => ch.type === "data-notice")).toMatchObject({
      data: {
        name: "Docs",
        code: "CONNECTOR_FAILING",
        message: expect.stringContaining("come back by themselves once it answers") as unknown,
      },
    });
    // The server answers the background probe: the episode ends and the tools return.
    await vi.waitFor(async () => expect((await findConnector(session.user.id, c.id))?.failingSince).toBeNull());
    model.requests.length = 0;
    await readUiStream(await handleChat(session.user.id, { id: `conv-${n}`, messages: [userMessage("again")] }));
    expect(toolNames(model.requests[0]).some((t) => t.endsWith("__search"))).toBe(true);
  });
});

describe("background probes", () => {
  it("keep trying a connector that still fails and stop for one that is disabled", async () => {
    const session = await signedInCaller();
    const broken = await serve(startHostileServer("500"));
    const c = await brokenConnector(session, "Flaky", broken.url);
    for (let i = 0; i < 3; i++) await reportConnectorOutcome(session.user.id, c.id, false, "TIMEOUT", "It timed out.");
    await readUiStream(await handleChat(session.user.id, { id: `conv-${n}`, messages: [userMessage("hi")] }));
    expect(probingCount()).toBe(1);
    // Probed again and again (with a growing pause) while it fails.
    await vi.waitFor(() => expect(broken.requests.length).toBeGreaterThanOrEqual(2), { timeout: 5_000 });
    expect((await findConnector(session.user.id, c.id))?.failingSince).not.toBeNull();
    // Once the user turns it off there is nothing to probe.
    await session.caller.connectors.toggle({ id: c.id, enabled: false });
    await vi.waitFor(() => expect(probingCount()).toBe(0), { timeout: 5_000 });
  });
});

describe("a client that leaves while a connector is retried", () => {
  it("stops waiting for the retry", async () => {
    const session = await signedInCaller();
    const broken = await serve(startHostileServer("500"));
    await brokenConnector(session, "Flaky", broken.url);
    process.env.CONNECTOR_RETRY_DELAY_MS = "60000";
    resetEnvForTests();
    try {
      model.reply = (req) =>
        req.messages.at(-1)?.role === "tool"
          ? defaultReply(req)
          : { toolCalls: [{ name: toolNames(req).find((t) => t.endsWith("__flaky_1"))!, args: { text: "x" } }] };
      const leave = new AbortController();
      const res = await handleChat(session.user.id, { id: `conv-${n}`, messages: [userMessage("go")] }, leave.signal);
      const reading = res.text().catch(() => "");
      await vi.waitFor(() => expect(broken.requests.length).toBeGreaterThanOrEqual(1));
      const attempts = broken.requests.length;
      leave.abort();
      await reading;
      await vi.waitFor(async () => {
        const calls = await toolCallPage(session.user.id, undefined, 50);
        expect(calls.find((x) => x.toolName === "flaky_1")?.errorCode).toBe("CANCELLED");
      });
      expect(broken.requests.length).toBe(attempts);
    } finally {
      process.env.CONNECTOR_RETRY_DELAY_MS = "50";
      resetEnvForTests();
    }
  });
});

describe("the stored tool list", () => {
  it("follows the live server on the next connection and says what changed", async () => {
    const session = await signedInCaller();
    const v1: Tool = {
      annotations: { readOnlyHint: true },
      name: "lookup",
      description: "Look a word up",
      inputSchema: { type: "object", properties: { word: { type: "string" } }, required: ["word"] },
    };
    const opts = { tools: [v1, ...readOnlyTools(1, "old")] };
    const server = await serve(startMcpServer(opts));
    const c = await session.caller.connectors.create({ name: "Dict", url: server.url, auth: { type: "none" } });
    await mcpPool().closeAll();
    // Between two connections the server rewrites a tool, adds one and drops one.
    opts.tools = [
      { ...v1, inputSchema: { type: "object", properties: { word: { type: "string" }, lang: { type: "string" } } } },
      ...readOnlyTools(1, "new"),
    ];
    const events: SnapshotEvent[] = [];
    const off = onSnapshotChange((e) => void events.push(e));
    try {
      model.reply = (req) =>
        req.messages.at(-1)?.role === "tool"
          ? defaultReply(req)
          : { toolCalls: [{ name: toolNames(req).find((t) => t.endsWith("__lookup"))!, args: { word: "hi" } }] };
      await readUiStream(await handleChat(session.user.id, { id: `conv-${n}`, messages: [userMessage("look")] }));
      await vi.waitFor(() => expect(events).toHaveLength(1));
      expect(events[0]).toMatchObject({
        userId: session.user.id,
        connectorId: c.id,
        change: { added: ["new_1"], removed: ["old_1"], changed: ["lookup"] },
      });
      const row = await findConnector(session.user.id, c.id);
      expect(row?.toolCount).toBe(2);
      // The rewritten tool is held back until the user reviews it; the dropped one is gone.
      model.reply = defaultReply;
      model.requests.length = 0;
      await readUiStream(await handleChat(session.user.id, { id: `conv-${n}`, messages: [userMessage("again")] }));
      expect(toolNames(model.requests[0]).some((t) => t.endsWith("__lookup"))).toBe(false);
      expect(toolNames(model.requests[0]).some((t) => t.endsWith("__new_1"))).toBe(true);
      expect(toolNames(model.requests[0]).some((t) => t.endsWith("__old_1"))).toBe(false);
      // Once accepted, the next message offers the new definition.
      const review = await session.caller.toolPolicy.review({ connectorId: c.id, toolName: "lookup" });
      await session.caller.toolPolicy.accept({ connectorId: c.id, toolName: "lookup", hash: review.currentHash });
      model.requests.length = 0;
      await readUiStream(await handleChat(session.user.id, { id: `conv-${n}`, messages: [userMessage("and now")] }));
      const lookup = model.requests[0]?.tools?.find((t) => t.function.name.endsWith("__lookup"));
      expect(lookup?.function.parameters).toMatchObject({ properties: { lang: { type: "string" } } });
    } finally {
      off();
    }
  });

  it("follows a server's announcement that its tools changed", async () => {
    const session = await signedInCaller();
    const opts = { tools: readOnlyTools(1, "first"), toolsListChanged: true };
    const server = await serve(startStatefulMcpServer(opts));
    const c = await session.caller.connectors.create({ name: "Live", url: server.url, auth: { type: "none" } });
    model.reply = (req) =>
      req.messages.at(-1)?.role === "tool"
        ? defaultReply(req)
        : { toolCalls: [{ name: toolNames(req).find((t) => t.endsWith("__first_1"))!, args: { text: "x" } }] };
    await readUiStream(await handleChat(session.user.id, { id: `conv-${n}`, messages: [userMessage("go")] }));
    opts.tools.push(...readOnlyTools(1, "second"));
    await server.notifyToolsChanged();
    await vi.waitFor(async () => expect((await findConnector(session.user.id, c.id))?.toolCount).toBe(2));
  });
});

describe("any number of tools", () => {
  function manyTools(): Tool[] {
    return [
      ...readOnlyTools(297, "bulk"),
      {
        annotations: { readOnlyHint: true },
        name: "create_invoice",
        title: "Create invoice",
        description: "Bill a customer: creates an invoice with line items and a due date.",
        inputSchema: { type: "object", properties: { customer: { type: "string" } }, required: ["customer"] },
      },
      {
        annotations: { readOnlyHint: true },
        name: "refund_payment",
        description: "Refunds a card payment.",
        inputSchema: { type: "object", properties: { paymentId: { type: "string" } }, required: ["paymentId"] },
      },
      {
        name: "list_customers",
        description: "Lists customers of the shop.",
        inputSchema: { type: "object", properties: {} },
      },
    ];
  }

  it("offers a search tool past the threshold and the tools it found on the next step", async () => {
    const session = await signedInCaller();
    const big = await serve(startMcpServer({ tools: manyTools() }));
    await session.caller.connectors.create({ name: "Shop", url: big.url, auth: { type: "none" } });
    model.reply = (req) => {
      const last = req.messages.at(-1);
      if (req.messages.filter((m) => m.role === "tool").length === 0)
        return { toolCalls: [{ name: "search_tools", args: { query: "send a bill to a customer" } }] };
      if (req.messages.filter((m) => m.role === "tool").length === 1) {
        const invoice = toolNames(req).find((t) => t.endsWith("__create_invoice"));
        return invoice ? { toolCalls: [{ name: invoice, args: { customer: "ACME" } }] } : { text: "not found" };
      }
      return defaultReply({ ...req, messages: [...req.messages.slice(0, -1), last!] });
    };
    const chunks = await readUiStream(
      await handleChat(session.user.id, { id: `conv-${n}`, messages: [userMessage("bill ACME")] }),
    );
    const [first, second] = model.requests;
    expect(first!.tools!.length).toBeLessThanOrEqual(128);
    expect(toolNames(first)).toContain("search_tools");
    expect(toolNames(first).some((t) => t.endsWith("__create_invoice"))).toBe(false);
    expect(toolNames(second)).toContain("search_tools");
    expect(toolNames(second).some((t) => t.endsWith("__create_invoice"))).toBe(true);
    expect(second!.tools!.length).toBeLessThanOrEqual(128);
    expect(text(chunks)).toContain('create_invoice: {\\"customer\\":\\"ACME\\"}'.replaceAll("\\", ""));
  });

  it("always offers and forces the selected tool, and keeps recently used tools", async () => {
    const session = await signedInCaller();
    const big = await serve(startMcpServer({ tools: manyTools() }));
    const c = await session.caller.connectors.create({ name: "Shop", url: big.url, auth: { type: "none" } });
    const id = `conv-sel-${n}`;
    await readUiStream(
      await handleChat(session.user.id, {
        id,
        messages: [userMessage("refund it")],
        selectedTool: { kind: "connector", connectorId: c.id, toolName: "refund_payment" },
      }),
    );
    const forced = toolNames(model.requests[0]).find((t) => t.endsWith("__refund_payment"));
    expect(forced).toBeDefined();
    expect(model.requests[0]!.tool_choice).toEqual({ type: "function", function: { name: forced } });
    expect(model.requests[0]!.tools!.length).toBeLessThanOrEqual(128);

    // The next message, without a selection, still has the tool the conversation used.
    const stored = await session.caller.agent.conversation({ id });
    model.requests.length = 0;
    await readUiStream(
      await handleChat(session.user.id, {
        id,
        messages: [...(stored.messages as never[]), userMessage("and another")],
      }),
    );
    expect(toolNames(model.requests[0])).toEqual(expect.arrayContaining(["search_tools", forced!]));
    expect(model.requests[0]!.tool_choice).not.toMatchObject({ type: "function" });
  });
});

describe("correctness", () => {
  it("a retry of a message with a selected tool forces it again", async () => {
    const session = await signedInCaller();
    const c = await session.caller.connectors.create({ name: "Docs", url: docs.url, auth: { type: "none" } });
    const selection = { kind: "connector", connectorId: c.id, toolName: "search" } as const;
    // What the chat's Retry sends: the conversation up to the user's message, which carries its selection.
    await readUiStream(
      await handleChat(session.user.id, {
        id: `conv-${n}`,
        messages: [userMessage("find pricing", { selectedTool: selection })],
      }),
    );
    const forced = toolNames(model.requests[0]).find((t) => t.endsWith("__search"));
    expect(model.requests[0]!.tool_choice).toEqual({ type: "function", function: { name: forced } });
  });

  it("a turn that ends in an error is stored with its error", async () => {
    const session = await signedInCaller();
    model.reply = () => ({ status: 500 });
    const id = `conv-err-${n}`;
    await readUiStream(await handleChat(session.user.id, { id, messages: [userMessage("hi")] }));
    const stored = await session.caller.agent.conversation({ id });
    expect(stored.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(stored.messages[1]?.metadata).toMatchObject({
      error: "The model endpoint answered HTTP 500. Check the model settings, then retry.",
    });
    // The conversation goes on after it.
    model.reply = defaultReply;
    const chunks = await readUiStream(
      await handleChat(session.user.id, {
        id,
        messages: [...(stored.messages as never[]), userMessage("again")],
      }),
    );
    expect(text(chunks)).toBe("Hello from the fake model.");
  });

  it("a client that leaves stops the running tool call", async () => {
    const session = await signedInCaller();
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    let cancelled = false;
    const slow = await serve(
      startStatefulMcpServer({
        tools: [search],
        onCall: (_name, _args, call) =>
          new Promise((resolve) => {
            started();
            call.signal.addEventListener("abort", () => {
              cancelled = true;
              resolve({ content: [{ type: "text", text: "stopped" }] });
            });
          }),
      }),
    );
    const c = await session.caller.connectors.create({ name: "Slow", url: slow.url, auth: { type: "none" } });
    const leave = new AbortController();
    const res = await handleChat(
      session.user.id,
      {
        id: `conv-${n}`,
        messages: [userMessage("go")],
        selectedTool: { kind: "connector", connectorId: c.id, toolName: "search" },
      },
      leave.signal,
    );
    const reading = res.text().catch(() => "");
    await running;
    leave.abort();
    await reading;
    await vi.waitFor(async () => {
      const calls = await toolCallPage(session.user.id, undefined, 50);
      expect(calls.find((x) => x.toolName === "search")?.errorCode).toBe("CANCELLED");
    });
    await vi.waitFor(() => expect(cancelled).toBe(true));
    expect(model.requests).toHaveLength(1);
  });
});
