// An MCP server with sessions (Mcp-Session-Id), built on the SDK's Streamable HTTP server
// transport as stateful servers are, with the controls the transport tests need: forget
// every session (a restarted server), count initializations, record the sessions clients
// ended with DELETE, cut the next tool call's answer stream, or never answer DELETE.
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { buildServer, listen, readJson, type McpServerOptions, type TestServer } from "./mcp-servers";

export type StatefulServer = TestServer & {
  /** Session ids the server knows now. */
  sessions(): string[];
  /** Forgets every session and ends their streams, as a restarted server would. */
  forgetSessions(): Promise<void>;
  /** Sessions opened with `initialize` so far. */
  initializations(): number;
  /** Session ids that clients ended with DELETE. */
  deleted: string[];
  /** The next tools/call's answer stream is cut after its headers (the socket is destroyed). */
  cutNextCall(): void;
  /** From now on every request in a session is answered 404 (sessions die at once). */
  refuseSessions(): void;
  /** Tells every session that the tool list changed (notifications/tools/list_changed). */
  notifyToolsChanged(): Promise<void>;
};

export async function startStatefulMcpServer(
  opts: McpServerOptions & { deleteHangs?: boolean } = {},
): Promise<StatefulServer> {
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const mcpServers = new Set<ReturnType<typeof buildServer>>();
  const deleted: string[] = [];
  let initializations = 0;
  let cut = false;
  let refuse = false;

  const notFound = (res: ServerResponse) =>
    res
      .writeHead(404, { "content-type": "application/json" })
      .end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32001, message: "Session not found" }, id: null }));

  const server = await listen((req, res) => {
    void (async () => {
      const sessionId = req.headers["mcp-session-id"];
      const body = req.method === "POST" ? await readJson(req) : undefined;
      if (req.method === "DELETE" && typeof sessionId === "string") {
        deleted.push(sessionId);
        if (opts.deleteHangs) return; // never answers
      }
      if (cut && (body as { method?: string } | undefined)?.method === "tools/call") {
        cut = false;
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.flushHeaders();
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      if (typeof sessionId === "string") {
        const transport = transports.get(sessionId);
        if (!transport || refuse) return notFound(res);
        return transport.handleRequest(req, res, body);
      }
      if (req.method !== "POST" || (body as { method?: string } | undefined)?.method !== "initialize") {
        res.writeHead(400).end("a session id is required");
        return;
      }
      initializations += 1;
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => void transports.set(id, transport),
        onsessionclosed: (id) => void transports.delete(id),
      });
      const mcp = buildServer({ ...opts, toolsListChanged: true });
      mcpServers.add(mcp);
      await mcp.connect(transport);
      await transport.handleRequest(req, res, body);
    })();
  });
  return {
    ...server,
    sessions: () => [...transports.keys()],
    forgetSessions: async () => {
      const all = [...transports.values()];
      transports.clear();
      await Promise.all(all.map((t) => t.close()));
    },
    initializations: () => initializations,
    deleted,
    cutNextCall: () => {
      cut = true;
    },
    refuseSessions: () => {
      refuse = true;
    },
    notifyToolsChanged: async () => {
      await Promise.all([...mcpServers].map((m) => m.sendToolListChanged().catch(() => undefined)));
    },
  };
}
