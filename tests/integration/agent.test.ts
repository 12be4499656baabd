// The agent end to end on the server: the real @ai-sdk/openai code path against a local
// OpenAI-compatible server, tools on real local MCP servers, a real database.
import { analyticsTools } from "@/server/tools/analytics";
import { exportTools } from "@/server/tools/export";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/env";
import { handleChat } from "@/server/agent/chat";
import { mcpPool } from "@/server/connectors/pool";
import { startFakeModel, defaultReply, type FakeModel } from "../support/fake-openai";
import { makeTools, startMcpServer, type TestServer } from "../support/mcp-servers";
import { readUiStream } from "../support/ui-stream";
import { useTestDatabase } from "../support/db";
import { signedInCaller } from "../support/trpc";

useTestDatabase();
let model: FakeModel;
let docs: TestServer;
let wiki: TestServer;
const saved = { ...process.env };

beforeAll(async () => {
  model = await startFakeModel();
  docs = await startMcpServer({
    name: "docs-server",
    tools: [
      {
        name: "search",
        description: "Search the docs",
        inputSchema: { type: "object", properties: { query: { type: "string" } }, required: ["query"] },
        // Read-only: runs without asking (approvals have their own tests).
        annotations: { readOnlyHint: true },
      },
    ],
  });
  wiki = await startMcpServer({ name: "wiki-server", tools: makeTools(2, "wiki") });
  Object.assign(process.env, { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "sk-test-key", AGENT_MODEL: "fake-model" });
  resetEnvForTests();
});
afterEach(() => {
  model.reply = defaultReply;
  model.requests.length = 0;
});
afterAll(async () => {
  process.env = { ...saved };
  resetEnvForTests();
  await mcpPool().closeAll();
  await Promise.all([model.close(), docs.close(), wiki.close()]);
});

let n = 0;
function userMessage(text: string) {
  n += 1;
  return { id: `u${n}`, role: "user" as const, parts: [{ type: "text", text }] };
}

async function setup() {
  const session = await signedInCaller();
  const a = await session.caller.connectors.create({ name: "Docs", url: docs.url, auth: { type: "none" } });
  const b = await session.caller.connectors.create({ name: "Wiki", url: wiki.url, auth: { type: "none" } });
  return { ...session, docsId: a.id, wikiId: b.id };
}

describe("a selected tool", () => {
  it("is forced on the first step, runs on the real MCP server, and the answer uses its result", async () => {
    const { user, docsId, caller } = await setup();
    // Users learn which model answers, never where it runs.
    expect(await caller.agent.status()).toEqual({
      configured: true,
      model: expect.any(String) as unknown,
      endpoint: null,
    });
    const res = await handleChat(user.id, {
      id: `conv-${n}`,
      messages: [userMessage("find the onboarding page")],
      selectedTool: { kind: "connector", connectorId: docsId, toolName: "search" },
    });
    expect(res.status).toBe(200);
    const chunks = await readUiStream(res);

    const [first, second] = model.requests;
    const offered = first!.tools!.map((t) => t.function.name);
    const forcedName = offered.find((name) => name.endsWith("__search"))!;
    expect(forcedName).toMatch(/^Docs_[0-9a-f]{6}__search$/);
    // The two connectors' three tools, next to the agent's own Databases tools.
    expect(offered.filter((name) => name.includes("__"))).toHaveLength(3);
    expect(offered).toEqual(expect.arrayContaining(["list_tables", "describe_table", "run_query"]));
    // ...and the built-in Analytics and Export, on from the start.
    expect(offered).toEqual(expect.arrayContaining([...analyticsTools, ...exportTools].map((t) => t.name)));
    expect(first!.tools!.find((t) => t.function.name === forcedName)?.function).toMatchObject({
      description: "Search the docs",
      parameters: { type: "object", properties: { query: { type: "string" } }, required: ["query"] },
    });
    expect(first!.tool_choice).toEqual({ type: "function", function: { name: forcedName } });
    const userTurn = first!.messages.find((m) => m.role === "user");
    expect(JSON.stringify(userTurn?.content)).toContain(`[TOOL:${forcedName}] find the onboarding page`);
    expect(JSON.stringify(first!.messages.find((m) => m.role === "system")?.content)).toContain(
      `You must call ${forcedName}`,
    );

    // The tool ran on the MCP server and its result went back to the model.
    const toolMessage = second!.messages.find((m) => m.role === "tool");
    expect(JSON.stringify(toolMessage?.content)).toContain('search: {\\"query\\":\\"hello\\"}');
    expect(second!.tool_choice).not.toEqual({ type: "function", function: { name: forcedName } });
    expect(chunks.find((c) => c.type === "tool-output-available")).toMatchObject({
      output: { ok: true, source: { kind: "connector", connectorName: "Docs" }, label: "Docs › search" },
    });
    expect(
      chunks
        .filter((c) => c.type === "text-delta")
        .map((c) => c.delta)
        .join(""),
    ).toContain('Result: search: {"query":"hello"}');
  });

  it("is refused before any model call when its connector is disabled or deleted", async () => {
    const { user, caller, docsId } = await setup();
    await caller.connectors.toggle({ id: docsId, enabled: false });
    const res = await handleChat(user.id, {
      id: `conv-${n}`,
      messages: [userMessage("hi")],
      selectedTool: { kind: "connector", connectorId: docsId, toolName: "search" },
    });
    // TOOL_UNAVAILABLE is PRECONDITION_FAILED everywhere, as tRPC answers it.
    expect(res.status).toBe(412);
    expect(await res.json()).toEqual({
      error: { code: "TOOL_UNAVAILABLE", message: "Docs is disabled. Enable it to use search." },
    });
    await caller.connectors.delete({ id: docsId });
    const gone = await handleChat(user.id, {
      id: `conv-${n}`,
      messages: [userMessage("hi")],
      selectedTool: { kind: "connector", connectorId: docsId, toolName: "search" },
    });
    expect(((await gone.json()) as { error: { message: string } }).error.message).toBe(
      "The selected connector no longer exists. Choose another tool.",
    );
    const notConnected = await handleChat(user.id, {
      id: `conv-${n}`,
      messages: [userMessage("hi")],
      selectedTool: { kind: "system", toolId: "gmail", toolName: "gmail_search_messages" },
    });
    expect(((await notConnected.json()) as { error: { message: string } }).error.message).toBe(
      "gmail_search_messages is not available: connect Gmail in the Apps menu first.",
    );
    expect(model.requests).toHaveLength(0);
  });

  it("is not forced when nothing is selected", async () => {
    const { user } = await setup();
    const chunks = await readUiStream(await handleChat(user.id, { id: `conv-${n}`, messages: [userMessage("hello")] }));
    expect(model.requests[0]?.tool_choice).not.toMatchObject({ type: "function" });
    expect(
      chunks
        .filter((c) => c.type === "text-delta")
        .map((c) => c.delta)
        .join(""),
    ).toBe("Hello from the fake model.");
  });
});

describe("conversations", () => {
  it("are kept and only their owner can read them", async () => {
    const { user, caller } = await setup();
    const id = `conv-keep-${n}`;
    await readUiStream(await handleChat(user.id, { id, messages: [userMessage("remember me")] }));
    const list = await caller.agent.conversations();
    expect(list.map((c) => c.id)).toContain(id);
    const stored = await caller.agent.conversation({ id });
    expect(stored.title).toBe("remember me");
    expect(stored.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    const other = await signedInCaller();
    await expect(other.caller.agent.conversation({ id })).rejects.toThrow("Conversation not found.");
    // The same id from another user is another user's own, new conversation.
    await readUiStream(await handleChat(other.user.id, { id, messages: [userMessage("mine now")] }));
    expect((await other.caller.agent.conversation({ id })).title).toBe("mine now");
    expect((await caller.agent.conversation({ id })).title).toBe("remember me");
  });
});

describe("model failures", () => {
  it("reach the chat as a clear message without leaking the key", async () => {
    const { user } = await setup();
    model.reply = () => ({ status: 500 });
    const chunks = await readUiStream(
      await handleChat(user.id, { id: `conv-err-${n}`, messages: [userMessage("hi")] }),
    );
    const error = chunks.find((c) => c.type === "error");
    expect(error?.errorText).toBe("The model endpoint answered HTTP 500. Check the model settings, then retry.");
    expect(JSON.stringify(chunks)).not.toContain("sk-test-key");
  });
});

describe("connections", () => {
  // Connecting on first use, the retry and hostile servers: agent-turn.test.ts.
  it("are pooled across messages and dropped when a connector is disabled", async () => {
    const { user, caller, docsId } = await setup();
    const selectedTool = { kind: "connector", connectorId: docsId, toolName: "search" } as const;
    await readUiStream(await handleChat(user.id, { id: `conv-${n}`, messages: [userMessage("a")], selectedTool }));
    expect(mcpPool().has(user.id, docsId)).toBe(true);
    await caller.connectors.toggle({ id: docsId, enabled: false });
    await vi.waitFor(() => expect(mcpPool().has(user.id, docsId)).toBe(false));
  });
});

describe("without a model", () => {
  it("runs a tool directly through the same path and keeps it in the conversation", async () => {
    const { caller, docsId } = await setup();
    delete process.env.OPENAI_BASE_URL;
    delete process.env.OPENAI_API_KEY;
    resetEnvForTests();
    try {
      expect(await caller.agent.status()).toEqual({ configured: false, model: null, endpoint: null });
      const before = docs.requests.length;
      const tools = await caller.agent.availableTools();
      expect(tools.find((t) => t.label === "Docs › search")?.inputSchema).toMatchObject({ required: ["query"] });
      expect(docs.requests.length).toBe(before); // listed from the stored snapshot
      const { outcome } = await caller.agent.runTool({
        conversationId: `direct-${n}`,
        selection: { kind: "connector", connectorId: docsId, toolName: "search" },
        args: { query: "pricing" },
      });
      expect(outcome).toMatchObject({
        ok: true,
        text: 'search: {"query":"pricing"}',
        source: { connectorName: "Docs" },
      });
      const stored = await caller.agent.conversation({ id: `direct-${n}` });
      expect(stored.messages).toHaveLength(2);
      const analytics = await caller.tools.analytics({ period: "24h" });
      expect(analytics.byTool.find((t) => t.tool === "search")).toMatchObject({ source: "Docs", system: false });
    } finally {
      Object.assign(process.env, { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "sk-test-key" });
      resetEnvForTests();
    }
  });
});

describe("actions with effects outside the app", () => {
  it("wait for the user's approval instead of running (sending mail), then run once with the stored arguments", async () => {
    const { startFakeGoogle } = await import("../support/fake-google");
    const { completeGmailAuthorization } = await import("@/server/tools/gmail/oauth");
    const google = await startFakeGoogle();
    Object.assign(process.env, google.env);
    resetEnvForTests();
    try {
      const { user, caller } = await setup();
      const started = await caller.tools.connect({ toolId: "gmail" });
      if (started.state !== "authorize") throw new Error("expected an authorization URL");
      const redirect = new URL((await fetch(started.authorizeUrl, { redirect: "manual" })).headers.get("location")!);
      await completeGmailAuthorization(user.id, {
        code: redirect.searchParams.get("code"),
        state: redirect.searchParams.get("state"),
      });

      const id = `conv-mail-${n}`;
      model.reply = (req) =>
        req.messages.at(-1)?.role === "tool"
          ? { text: "Sent." }
          : {
              toolCalls: [
                { name: "gmail_send_message", args: { to: "bob@example.com", subject: "Hi", body: "Hello" } },
              ],
            };
      const chunks = await readUiStream(
        await handleChat(user.id, {
          id,
          messages: [userMessage("tell bob")],
          selectedTool: { kind: "system", toolId: "gmail", toolName: "gmail_send_message" },
        }),
      );
      expect(model.requests[0]?.tool_choice).toEqual({ type: "function", function: { name: "gmail_send_message" } });
      const call = chunks.find((c) => c.type === "tool-input-available") as { toolCallId: string; input: unknown };
      expect(call).toMatchObject({ toolName: "gmail_send_message" });
      expect(chunks.find((c) => c.type === "tool-output-available")).toMatchObject({
        output: { approval: { status: "pending" }, label: "Gmail › Send an email" },
      });
      // The turn ended there: the model was asked once.
      expect(model.requests).toHaveLength(1);
      expect(google.sent).toEqual([]);

      // The user allows it: the stored call is sent, once.
      const outcome = await caller.agent.decideApproval({
        conversationId: id,
        toolCallId: call.toolCallId,
        decision: "once",
        args: call.input,
      });
      expect(outcome).toMatchObject({ ok: true, approval: { status: "allowed", scope: "once" } });
      expect(google.sent).toHaveLength(1);
      expect(google.sent[0]).toEqual(call.input);
    } finally {
      for (const k of Object.keys(google.env)) delete process.env[k];
      resetEnvForTests();
      await google.close();
    }
  });
});
