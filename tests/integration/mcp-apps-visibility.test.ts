// MCP Apps visibility and permissions (SEP-1865) against MCP App servers from npm and a
// local one: a tool only its app may call never reaches the model (its definitions, tool
// search, the tool picker), yet the app's call reaches the server; a tool for the model
// only is refused to apps; an app calls only its own connector; an app's frame is allowed
// exactly the browser features its server declared.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  type ReadResourceResult,
} from "@modelcontextprotocol/sdk/types.js";
import { resetEnvForTests } from "@/env";
import { handleChat } from "@/server/agent/chat";
import { handleAppFrame } from "@/server/connectors/app-frame";
import { mcpPool } from "@/server/connectors/pool";
import { findConnector } from "@/server/db/connectors";
import { ensureConversation } from "@/server/db/conversations";
import { defaultReply, startFakeModel, type ChatRequestBody, type FakeModel } from "../support/fake-openai";
import { listen, readJson, type TestServer } from "../support/mcp-servers";
import { startBasicApp, startSystemMonitor, startTranscript, type NpmPeer } from "../support/npm-mcp-peers";
import { useTestDatabase } from "../support/db";
import { appRequest, sessionCookie } from "../support/session";
import { signedInCaller } from "../support/trpc";
import { readUiStream } from "../support/ui-stream";

useTestDatabase();

const MONITOR_APP = "ui://system-monitor/mcp-app.html";
const TRANSCRIPT_APP = "ui://transcript/mcp-app.html";
const BOARD_APP = "ui://board/app.html";
const object = { type: "object" as const, properties: {} };

/** The local server's tools: one per visibility, all read-only so no call waits for approval. */
const boardTools: Tool[] = [
  { name: "show-board", inputSchema: object, _meta: { ui: { resourceUri: BOARD_APP } } },
  { name: "summarize-board", inputSchema: object, _meta: { ui: { visibility: ["model"] } } },
  { name: "move-card", inputSchema: object, _meta: { ui: { visibility: ["app"] } } },
  // Malformed or empty declarations mean the default: both.
  { name: "odd-visibility", inputSchema: object, _meta: { ui: { visibility: "app" } } },
  { name: "nobody", inputSchema: object, _meta: { ui: { visibility: [] } } },
].map((t) => ({ ...t, annotations: { readOnlyHint: true } }));

/** What the local server's `ui://` resources declare, by URI. */
const boardResources: Record<string, ReadResourceResult["contents"][number] | "malformed"> = {
  [BOARD_APP]: {
    uri: BOARD_APP,
    mimeType: "text/html;profile=mcp-app",
    text: "<!doctype html><p>Board</p>",
    _meta: {
      ui: {
        permissions: { camera: {}, geolocation: true, usb: {}, microphone: null, clipboardWrite: [], payment: {} },
      },
    },
  },
  "ui://odd/not-a-list": {
    uri: "ui://odd/not-a-list",
    mimeType: "text/html",
    text: "<p>odd</p>",
    _meta: { ui: { permissions: ["camera"] } },
  },
  "ui://odd/blob": {
    uri: "ui://odd/blob",
    mimeType: "text/html;profile=mcp-app",
    blob: Buffer.from("<p>from a blob</p>").toString("base64"),
  },
  "ui://odd/other-uri": { uri: "ui://somewhere/else", mimeType: "text/html", text: "<p>first item</p>" },
  "ui://odd/no-type": { uri: "ui://odd/no-type", text: "<p>no type</p>" },
  "ui://odd/malformed": "malformed",
};

function boardServer(calls: string[]): Server {
  const server = new Server({ name: "board", version: "1" }, { capabilities: { tools: {}, resources: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: boardTools }));
  server.setRequestHandler(CallToolRequestSchema, (req) => {
    calls.push(req.params.name);
    return { content: [{ type: "text", text: `${req.params.name} done` }] };
  });
  server.setRequestHandler(ReadResourceRequestSchema, (req) => {
    const found = boardResources[req.params.uri];
    // A result of the wrong shape, as a broken server would send it.
    if (found === "malformed") return { contents: "not a list" };
    return { contents: found ? [found] : [] };
  });
  return server;
}

let model: FakeModel;
let monitor: NpmPeer;
let transcript: NpmPeer;
let basic: NpmPeer;
let board: TestServer;
const boardCalls: string[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  [model, monitor, transcript, basic] = await Promise.all([
    startFakeModel(),
    startSystemMonitor(),
    startTranscript(),
    startBasicApp(),
  ]);
  board = await listen((req, res) => {
    void (async () => {
      const server = boardServer(boardCalls);
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      res.on("close", () => void transport.close().then(() => server.close()));
      await server.connect(transport);
      await transport.handleRequest(req, res, req.method === "POST" ? await readJson(req) : undefined);
    })();
  });
  Object.assign(process.env, { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "sk-test-key", AGENT_MODEL: "fake-model" });
  resetEnvForTests();
}, 60_000);
afterEach(() => {
  model.reply = defaultReply;
  model.requests.length = 0;
  boardCalls.length = 0;
});
afterAll(async () => {
  process.env = { ...saved };
  resetEnvForTests();
  await mcpPool().closeAll();
  await Promise.all([model.close(), monitor.close(), transcript.close(), basic.close(), board.close()]);
});

async function owner(url: string, name: string) {
  const session = await signedInCaller();
  const c = await session.caller.connectors.create({ name, url, auth: { type: "none" } });
  const conversationId = randomUUID();
  await ensureConversation(session.user.id, conversationId, "Apps");
  return { ...session, connectorId: c.id, conversationId, cookie: await sessionCookie(session.user) };
}

const toolNames = (req: ChatRequestBody | undefined) => (req?.tools ?? []).map((t) => t.function.name);
/** The connector tools offered, by their names on their servers (system tools have no "__"). */
const offeredOriginals = (req: ChatRequestBody | undefined) =>
  toolNames(req)
    .filter((t) => t.includes("__"))
    .map((t) => t.split("__").pop());

const frame = (connectorId: string, uri: string, cookie: string) =>
  handleAppFrame(
    appRequest(`/api/mcp-apps/frame?connectorId=${connectorId}&uri=${encodeURIComponent(uri)}`, { cookie }),
  );

/** The frame's Permissions-Policy as feature → allowlist. */
function permissionsPolicy(res: Response): Record<string, string> {
  return Object.fromEntries(
    res.headers
      .get("permissions-policy")!
      .split(", ")
      .map((d) => d.split("=") as [string, string]),
  );
}

describe("a tool only its app may call (system monitor from npm)", () => {
  it("is stored as app-only, and never offered to the model, yet the app's call reaches the server", async () => {
    const { caller, user, connectorId, conversationId } = await owner(monitor.url, "Monitor");
    expect((await findConnector(user.id, connectorId))?.toolsSnapshot).toEqual([
      expect.objectContaining({ name: "get-system-info", appUri: MONITOR_APP }),
      expect.objectContaining({ name: "poll-system-stats", visibility: ["app"] }),
    ]);
    expect((await findConnector(user.id, connectorId))?.toolsSnapshot).toEqual([
      expect.not.objectContaining({ visibility: expect.anything() as unknown }),
      expect.anything(),
    ]);

    await readUiStream(
      await handleChat(user.id, { id: conversationId, messages: [userMessage("How is my machine?")] }),
    );
    expect(offeredOriginals(model.requests[0])).toContain("get-system-info");
    expect(offeredOriginals(model.requests[0])).not.toContain("poll-system-stats");
    expect(JSON.stringify(model.requests)).not.toContain("poll-system-stats");

    // Its app calls it like the model's calls go: the user's policy first (it does not say
    // it only reads, so the call waits for approval), then the server.
    const call = { conversationId, connectorId, resourceUri: MONITOR_APP, toolName: "poll-system-stats", args: {} };
    expect(await caller.mcp.appCallTool(call)).toMatchObject({ ok: false, errorCode: "APPROVAL_PENDING" });
    await caller.toolPolicy.update({
      tool: { kind: "connector", connectorId, toolName: "poll-system-stats" },
      policy: "always",
    });
    const outcome = await caller.mcp.appCallTool(call);
    expect(outcome).toMatchObject({ ok: true, tool: "poll-system-stats", label: "Monitor › Poll System Stats" });
    expect(Object.keys(outcome.structured as object)).toEqual(
      expect.arrayContaining(["cpu", "memory", "uptime", "timestamp"]),
    );
  });

  it("is not in the user's tool picker, and can be neither forced on the model nor run directly", async () => {
    const { caller, user, connectorId, conversationId } = await owner(monitor.url, "Monitor");
    const labels = (await caller.agent.availableTools()).map((t) => t.label);
    expect(labels).toContain("Monitor › Get System Info");
    expect(labels).not.toContain("Monitor › Poll System Stats");

    const selection = { kind: "connector" as const, connectorId, toolName: "poll-system-stats" };
    const refused =
      "Monitor › Poll System Stats is used by its app only: its server does not offer it to the model or to be run on its own.";
    const res = await handleChat(user.id, {
      id: conversationId,
      messages: [userMessage("poll")],
      selectedTool: selection,
    });
    expect(res.status).toBe(412);
    expect(await res.json()).toEqual({ error: { code: "TOOL_UNAVAILABLE", message: refused } });
    expect(model.requests).toHaveLength(0);
    await expect(caller.agent.runTool({ conversationId, selection, args: {} })).rejects.toThrow(refused);
  });

  it("is not found by the model's tool search", async () => {
    Object.assign(process.env, { AGENT_TOOL_SEARCH_THRESHOLD: "1" });
    resetEnvForTests();
    try {
      const { caller, user, conversationId } = await owner(monitor.url, "Monitor");
      // More tools than the threshold, so the model searches.
      await caller.connectors.create({ name: "Board", url: board.url, auth: { type: "none" } });
      model.reply = (req) =>
        req.messages.some((m) => m.role === "tool")
          ? { text: "done" }
          : { toolCalls: [{ name: "search_tools", args: { query: "poll system stats cpu memory uptime" } }] };
      await readUiStream(await handleChat(user.id, { id: conversationId, messages: [userMessage("stats")] }));
      const [first, second] = model.requests;
      expect(toolNames(first)).toEqual(["search_tools"]);
      const found = JSON.stringify(second!.messages.find((m) => m.role === "tool")?.content);
      expect(found).toContain("Get System Info");
      expect(found).not.toContain("Poll System Stats");
      expect(offeredOriginals(second)).not.toContain("poll-system-stats");
    } finally {
      process.env = { ...saved, OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "sk-test-key", AGENT_MODEL: "fake-model" };
      resetEnvForTests();
    }
  });
});

describe("visibility declared by a local server", () => {
  it("offers the model what it may see: the default, a malformed or empty declaration count as both", async () => {
    const { user, conversationId } = await owner(board.url, "Board");
    await readUiStream(await handleChat(user.id, { id: conversationId, messages: [userMessage("hi")] }));
    expect(offeredOriginals(model.requests[0]).sort()).toEqual([
      "nobody",
      "odd-visibility",
      "show-board",
      "summarize-board",
    ]);
  });

  it("lets its app call what apps may call, and refuses a tool for the model only before the server sees it", async () => {
    const { caller, connectorId, conversationId } = await owner(board.url, "Board");
    const call = (toolName: string) =>
      caller.mcp.appCallTool({ conversationId, connectorId, resourceUri: BOARD_APP, toolName, args: {} });
    expect(await call("move-card")).toMatchObject({ ok: true, text: "move-card done" });
    expect(await call("show-board")).toMatchObject({ ok: true, text: "show-board done" });
    await expect(call("summarize-board")).rejects.toThrow(
      "Board › summarize-board cannot be called by an app: its server offers it to the model only.",
    );
    expect(boardCalls).toEqual(["move-card", "show-board"]);
  });

  it("lets an app call only its own connector's tools", async () => {
    const { caller, connectorId, conversationId } = await owner(board.url, "Board");
    const monitorConnector = await caller.connectors.create({
      name: "Monitor",
      url: monitor.url,
      auth: { type: "none" },
    });
    // The monitor's app asking for the board's tool, and the board's app asking for the monitor's.
    await expect(
      caller.mcp.appCallTool({
        conversationId,
        connectorId,
        resourceUri: MONITOR_APP,
        toolName: "move-card",
        args: {},
      }),
    ).rejects.toThrow("The app calling Board › move-card is not one of its connector's apps.");
    await expect(
      caller.mcp.appCallTool({
        conversationId,
        connectorId: monitorConnector.id,
        resourceUri: BOARD_APP,
        toolName: "get-system-info",
        args: {},
      }),
    ).rejects.toThrow("The app calling Monitor › Get System Info is not one of its connector's apps.");
    expect(boardCalls).toEqual([]);
  });
});

describe("permissions an app declares", () => {
  it("are allowed to the frame itself exactly as declared (transcript from npm: microphone, clipboard)", async () => {
    const { caller, connectorId, cookie } = await owner(transcript.url, "Transcript");
    expect(await caller.mcp.appSandbox({ connectorId, uri: TRANSCRIPT_APP })).toEqual({
      permissions: ["microphone", "clipboardWrite"],
      csp: { connectDomains: [], resourceDomains: [], frameDomains: [], baseUriDomains: [] },
    });
    const res = await frame(connectorId, TRANSCRIPT_APP, cookie);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<!DOCTYPE html>");
    expect(permissionsPolicy(res)).toEqual({
      camera: "()",
      microphone: "(self)",
      geolocation: "()",
      "clipboard-write": "(self)",
      "display-capture": "()",
      payment: "()",
      usb: "()",
      serial: "()",
      hid: "()",
    });
  });

  it("are all denied when none is declared (the basic example from npm)", async () => {
    const { caller, connectorId, cookie } = await owner(basic.url, "Clock");
    expect((await caller.mcp.appSandbox({ connectorId, uri: "ui://get-time/mcp-app.html" })).permissions).toEqual([]);
    const policy = permissionsPolicy(await frame(connectorId, "ui://get-time/mcp-app.html", cookie));
    expect(Object.values(policy).every((v) => v === "()")).toBe(true);
    expect(Object.keys(policy)).toEqual(
      expect.arrayContaining(["camera", "microphone", "geolocation", "clipboard-write"]),
    );
  });

  it("keep only the spec's names declared as objects: nothing else is granted", async () => {
    const { caller, connectorId, cookie } = await owner(board.url, "Board");
    expect((await caller.mcp.appSandbox({ connectorId, uri: BOARD_APP })).permissions).toEqual(["camera"]);
    const policy = permissionsPolicy(await frame(connectorId, BOARD_APP, cookie));
    expect(Object.entries(policy).filter(([, v]) => v !== "()")).toEqual([["camera", "(self)"]]);
    expect((await caller.mcp.appSandbox({ connectorId, uri: "ui://odd/not-a-list" })).permissions).toEqual([]);
  });
});

describe("the frame route with odd answers", () => {
  it("serves HTML sent as base64, the first item when the URIs differ, and plain text/html", async () => {
    const { connectorId, cookie } = await owner(board.url, "Board");
    expect(await (await frame(connectorId, "ui://odd/blob", cookie)).text()).toBe("<p>from a blob</p>");
    expect(await (await frame(connectorId, "ui://odd/other-uri", cookie)).text()).toBe("<p>first item</p>");
  });

  it("answers each failure with a plain-text reason under a deny-all policy", async () => {
    const { connectorId, cookie } = await owner(board.url, "Board");
    const untyped = await frame(connectorId, "ui://odd/no-type", cookie);
    expect([untyped.status, await untyped.text()]).toEqual([502, "Board's app is not HTML (no type)."]);
    const missing = await frame(connectorId, "ui://odd/nothing-here", cookie);
    expect([missing.status, await missing.text()]).toEqual([502, "Board returned nothing for its app."]);
    // A malformed answer is not shown: the server is named, the details go to the log.
    const malformed = await frame(connectorId, "ui://odd/malformed", cookie);
    expect([malformed.status, await malformed.text()]).toEqual([502, "Board sent an answer that cannot be used."]);
    expect(malformed.headers.get("content-type")).toContain("text/plain");
    expect(malformed.headers.get("content-security-policy")).toBe(
      "default-src 'none'; sandbox; frame-ancestors 'self'",
    );
    expect(Object.values(permissionsPolicy(malformed)).every((v) => v === "()")).toBe(true);
    const noParams = await handleAppFrame(appRequest("/api/mcp-apps/frame", { cookie }));
    expect([noParams.status, await noParams.text()]).toEqual([400, "An MCP App's address starts with ui://."]);
  });
});

let n = 0;
function userMessage(text: string) {
  n += 1;
  return { id: `u${n}`, role: "user" as const, parts: [{ type: "text", text }] };
}
