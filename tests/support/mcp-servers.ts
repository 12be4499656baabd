// Real MCP servers over HTTP for the tests, built on the SDK's server classes, and
// hostile HTTP servers that misbehave in specific ways.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  type CallToolResult,
  type ServerNotification,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";

export type TestServer = {
  url: string;
  port: number;
  /** Headers of every request received, in order. */
  requests: { method: string; path: string; headers: IncomingMessage["headers"] }[];
  /** Cuts every open connection (streams included) and keeps listening, as a proxy restart does. */
  dropConnections(): void;
  close(): Promise<void>;
};

export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  path = "/mcp",
): Promise<TestServer & { http: HttpServer }> {
  const requests: TestServer["requests"] = [];
  const sockets = new Set<Socket>();
  const http = createServer((req, res) => {
    requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers });
    handler(req, res);
  });
  http.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    http,
    port,
    url: `http://127.0.0.1:${port}${path}`,
    requests,
    dropConnections: () => {
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        http.close(() => resolve());
      }),
  };
}

export function makeTools(count: number, prefix = "tool"): Tool[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}_${i + 1}`,
    title: `Tool ${i + 1}`,
    description: `Test tool number ${i + 1}`,
    inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
  }));
}

export type McpServerOptions = {
  transport?: "streamable-http" | "sse";
  tools?: Tool[];
  /** Tools per tools/list page; all on one page when unset. */
  pageSize?: number;
  /** Required request headers, e.g. { authorization: "Bearer t" }. */
  requireHeaders?: Record<string, string>;
  name?: string;
  /** Advertise the tools capability (default true). */
  toolsCapability?: boolean;
  /** Advertise that the server announces changes to its tool list. */
  toolsListChanged?: boolean;
  /** Extra latency before every answer, to model a slower server. */
  delayMs?: number;
  /**
   * What a GET (the optional stream for server messages) gets: the stream (default), or
   * 404 / 405 as servers written like the SDK's stateless examples answer.
   */
  getStream?: "open" | 404 | 405;
  /** Answers tools/call; the default echoes the tool name and arguments. */
  onCall?: (name: string, args: Record<string, unknown>, call: ToolCall) => Promise<CallToolResult> | CallToolResult;
};

/** What a tool handler may use: the server (to ask the client), progress, cancellation. */
export type ToolCall = {
  server: Server;
  progressToken?: string | number;
  /** Aborted when the client cancels the call. */
  signal: AbortSignal;
  notify: (n: ServerNotification) => Promise<void>;
};

export function buildServer(opts: McpServerOptions): Server {
  const tools = opts.tools ?? makeTools(3);
  const server = new Server(
    { name: opts.name ?? "test-server", version: "1.2.3" },
    {
      capabilities: opts.toolsCapability === false ? {} : { tools: opts.toolsListChanged ? { listChanged: true } : {} },
    },
  );
  if (opts.toolsCapability === false) return server;
  server.setRequestHandler(ListToolsRequestSchema, (req) => {
    const size = opts.pageSize ?? (tools.length || 1);
    const start = req.params?.cursor ? Number(req.params.cursor) : 0;
    const next = start + size < tools.length ? String(start + size) : undefined;
    return { tools: tools.slice(start, start + size), ...(next ? { nextCursor: next } : {}) };
  });
  server.setRequestHandler(CallToolRequestSchema, (req, extra) =>
    opts.onCall
      ? opts.onCall(req.params.name, req.params.arguments ?? {}, {
          server,
          progressToken: req.params._meta?.progressToken,
          signal: extra.signal,
          notify: extra.sendNotification,
        })
      : { content: [{ type: "text", text: `${req.params.name}: ${JSON.stringify(req.params.arguments ?? {})}` }] },
  );
  return server;
}

function authorized(req: IncomingMessage, res: ServerResponse, required?: Record<string, string>): boolean {
  for (const [name, value] of Object.entries(required ?? {})) {
    if (req.headers[name.toLowerCase()] !== value) {
      res.writeHead(401, {
        "content-type": "application/json",
        "www-authenticate": 'Bearer realm="test", error="invalid_token"',
      });
      res.end(JSON.stringify({ error: "unauthorized" }));
      return false;
    }
  }
  return true;
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : undefined;
}

/** A well-behaved MCP server on the SDK's Streamable HTTP (stateless) or HTTP+SSE transport. */
export async function startMcpServer(opts: McpServerOptions = {}): Promise<TestServer> {
  if ((opts.transport ?? "streamable-http") === "streamable-http") {
    return listen((req, res) => {
      if (!authorized(req, res, opts.requireHeaders)) return;
      if (req.method !== "POST" && typeof opts.getStream === "number") {
        const body = { jsonrpc: "2.0", error: { code: -32000, message: "Method not allowed." }, id: null };
        res.writeHead(opts.getStream, { "content-type": "application/json" }).end(JSON.stringify(body));
        return;
      }
      void (async () => {
        if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
        const server = buildServer(opts);
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
        res.on("close", () => void transport.close().then(() => server.close()));
        await server.connect(transport);
        const body = req.method === "POST" ? await readJson(req) : undefined;
        await transport.handleRequest(req, res, body);
      })();
    });
  }
  // HTTP+SSE (protocol 2024-11-05): GET /sse opens the stream, POST /messages carries requests.
  const sessions = new Map<string, SSEServerTransport>();
  return listen((req, res) => {
    if (!authorized(req, res, opts.requireHeaders)) return;
    const url = new URL(req.url ?? "/", "http://x");
    if (req.method === "GET" && url.pathname === "/sse") {
      const transport = new SSEServerTransport("/messages", res);
      sessions.set(transport.sessionId, transport);
      res.on("close", () => sessions.delete(transport.sessionId));
      void buildServer(opts).connect(transport);
      return;
    }
    if (req.method === "POST" && url.pathname === "/messages") {
      const transport = sessions.get(url.searchParams.get("sessionId") ?? "");
      if (!transport) {
        res.writeHead(404).end();
        return;
      }
      void transport.handlePostMessage(req, res);
      return;
    }
    // What an old server does with the Streamable HTTP POST: it does not know the method.
    res.writeHead(405, { allow: "GET" }).end();
  }, "/sse");
}

export type HostileKind =
  | "hang"
  | "trickle"
  | "html"
  | "500"
  | "401"
  | "403"
  | "404"
  | "invalid-jsonrpc"
  | "redirect-to-metadata"
  | "redirect-loop"
  | "old-protocol"
  | "close-mid-stream"
  | "sse-no-endpoint";

/** An HTTP server that misbehaves in one specific way. */
export async function startHostileServer(kind: HostileKind): Promise<TestServer> {
  const timers = new Set<NodeJS.Timeout>();
  const server = await listen((req, res) => {
    switch (kind) {
      case "hang":
        return; // never answers
      case "trickle": {
        res.writeHead(200, { "content-type": "text/event-stream" });
        const t = setInterval(() => res.write(":"), 100);
        timers.add(t);
        res.on("close", () => clearInterval(t));
        return;
      }
      case "html":
        res
          .writeHead(200, { "content-type": "text/html" })
          .end("<!doctype html><html><body><h1>Welcome</h1></body></html>");
        return;
      case "500":
        res.writeHead(500, { "content-type": "text/plain" }).end("internal error");
        return;
      case "401":
        res.writeHead(401, { "www-authenticate": 'Bearer realm="mcp", error="invalid_token"' }).end();
        return;
      case "403":
        res.writeHead(403).end("forbidden");
        return;
      case "404":
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      case "invalid-jsonrpc":
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ hello: "world" }));
        return;
      case "redirect-to-metadata":
        res.writeHead(307, { location: "http://169.254.169.254/latest/meta-data/" }).end();
        return;
      case "redirect-loop":
        res.writeHead(307, { location: req.url ?? "/mcp" }).end();
        return;
      case "old-protocol":
        void readJson(req).then((body) => {
          const id = (body as { id?: unknown } | undefined)?.id ?? 1;
          res.writeHead(200, { "content-type": "application/json", "mcp-session-id": randomUUID() });
          res.end(
            JSON.stringify({
              jsonrpc: "2.0",
              id,
              result: {
                protocolVersion: "1999-01-01",
                capabilities: { tools: {} },
                serverInfo: { name: "ancient", version: "0.0.1" },
              },
            }),
          );
        });
        return;
      case "close-mid-stream":
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write('event: message\ndata: {"jsonrpc":"2.0",');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      case "sse-no-endpoint":
        // An HTTP+SSE server that keeps its stream open but never says where to POST.
        if (req.method !== "GET") return void res.writeHead(405, { allow: "GET" }).end();
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(": hello\n\n");
        return;
    }
  });
  return {
    ...server,
    close: () => {
      for (const t of timers) clearInterval(t);
      return server.close();
    },
  };
}
