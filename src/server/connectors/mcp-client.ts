// MCP client on @modelcontextprotocol/sdk: Streamable HTTP first, the older HTTP+SSE
// transport when the server answers the way old servers do. All traffic goes through
// the outbound guard; every operation runs under the caller's deadline signal, connecting
// included. What ends a connection and what is only logged: see mcp-transport.ts.
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import type { ConnectorAuth, DiscoveredTool, ToolAnnotations, TransportKind } from "@/lib/schemas/connectors";
import { appUriOf, appVisibilityOf } from "@/server/connectors/app-meta";
import { clientCapabilities, installHandlers, type McpHandlers } from "@/server/connectors/mcp-handlers";
import { endSession, endsConnection, logIgnored, watchSessions } from "@/server/connectors/mcp-transport";
import { parseWwwAuthenticate } from "@/server/oauth/discovery";
import { remainingMs } from "@/server/platform/deadline";
import { logger } from "@/server/platform/log";
import {
  createSafeFetch,
  type FetchLike,
  type OutboundPolicy,
  type ResponseObservation,
} from "@/server/platform/outbound";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport, StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ErrorCode, ListToolsResultSchema, McpError, type Tool } from "@modelcontextprotocol/sdk/types.js";

export const CLIENT_INFO = { name: "connectors", version: "0.1.0" };
export const MAX_TOOLS = 1000;
const MAX_TOOL_PAGES = 100;

/** Auth whose headers are fixed: everything but OAuth. */
export type StaticAuth = Exclude<ConnectorAuth, { type: "oauth" }>;

/** Where an OAuth connection gets its access token, and what to do when it is refused. */
export type TokenSource = {
  /** A valid access token (refreshed first when it is about to expire). */
  token(): Promise<string>;
  /** The server refused `stale`: a newer token, refreshed once however many ask. */
  refreshed(stale: string): Promise<string>;
  /** The server wants more scopes: records them and throws OAUTH_REAUTH_REQUIRED. */
  insufficientScope(scopes: string[]): Promise<never>;
};

export type McpAuth = StaticAuth | { type: "oauth"; source: TokenSource };

/** The HTTP headers an auth setting adds to every request. */
export function authHeaders(auth: StaticAuth): Record<string, string> {
  switch (auth.type) {
    case "none":
      return {};
    case "bearer":
      return { Authorization: `Bearer ${auth.token}` };
    case "api_key":
      return { [auth.header]: auth.value };
    case "headers":
      return Object.fromEntries(auth.headers.map((h) => [h.name, h.value]));
  }
}

export type McpConnectOptions = {
  url: URL;
  auth: McpAuth;
  /** "auto" tries Streamable HTTP, then HTTP+SSE. */
  transport: TransportKind | "auto";
  signal: AbortSignal;
  policy: OutboundPolicy;
  onResponse?: (o: ResponseObservation) => void;
  /**
   * A pooled connection outlives the connect deadline: `signal` then bounds only the
   * handshake, and each later call brings its own deadline.
   */
  longLived?: boolean;
  /** For logs, and for handlers to know who asks. */
  connectorId?: string;
  /** Server-to-client requests and notifications; the client declares what is handled. */
  handlers?: McpHandlers;
  /** How long closing waits for the server to end the session (default 2 s). */
  closeTimeoutMs?: number;
};

export type McpConnection = {
  client: Client;
  /** Rejects when the connection is over (the HTTP+SSE stream broke), so waiting calls end early. */
  failed: Promise<never>;
  transport: TransportKind;
  server: { name: string; version: string } | null;
  hasTools: boolean;
  /** Ends the session on the server (HTTP DELETE), unless told not to, and closes. */
  close(opts?: { endSession?: boolean }): Promise<void>;
};

/** Rejects with TIMEOUT when `signal` fires; for steps the SDK does not bound itself. */
function deadline(signal: AbortSignal): { promise: Promise<never>; clear(): void } {
  const done = new AbortController();
  const promise = new Promise<never>((_, reject) => {
    const timeUp = () => reject(new AppError("TIMEOUT", "The server did not finish connecting in time."));
    if (signal.aborted) timeUp();
    else signal.addEventListener("abort", timeUp, { once: true, signal: done.signal });
  });
  promise.catch(() => undefined);
  return { promise, clear: () => done.abort() };
}

// Per the MCP specification's backwards-compatibility rule: a 4xx answer to the
// Streamable HTTP POST (other than an auth failure) means "try the old SSE transport".
function looksLikeOldServer(err: unknown): boolean {
  return (
    err instanceof StreamableHTTPError &&
    typeof err.code === "number" &&
    err.code >= 400 &&
    err.code < 500 &&
    err.code !== 401 &&
    err.code !== 403
  );
}

/**
 * Adds the OAuth access token to every request. A 401 gets one retry with a refreshed
 * token; a 403 asking for more scopes ends in "sign in again". Only the answer the
 * caller finally sees is reported to `onResponse`.
 */
export function withOAuth(
  base: FetchLike,
  source: TokenSource,
  onResponse?: (o: ResponseObservation) => void,
): FetchLike {
  return async (input, init = {}) => {
    const started = performance.now();
    const send = (token: string) => {
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${token}`);
      return base(input, { ...init, headers });
    };
    const token = await source.token();
    let res = await send(token);
    if (res.status === 401) {
      await res.body?.cancel();
      res = await send(await source.refreshed(token));
    }
    if (res.status === 403) {
      const challenge = parseWwwAuthenticate(res.headers.get("www-authenticate"));
      if (challenge.error === "insufficient_scope") {
        await res.body?.cancel();
        await source.insufficientScope((challenge.scope ?? "").split(" ").filter(Boolean));
      }
    }
    onResponse?.({
      url: String(input),
      status: res.status,
      headers: res.headers,
      elapsedMs: performance.now() - started,
    });
    return res;
  };
}

async function connectWith(kind: TransportKind, opts: McpConnectOptions): Promise<McpConnection> {
  const log = { connectorId: opts.connectorId, transport: kind };
  const headers = opts.auth.type === "oauth" ? {} : authHeaders(opts.auth);
  const safe = createSafeFetch({
    policy: opts.policy,
    signal: opts.longLived ? undefined : opts.signal,
    sensitiveHeaders: Object.keys(headers),
    onResponse: opts.auth.type === "oauth" ? undefined : opts.onResponse,
  });
  const fetch = watchSessions(
    opts.auth.type === "oauth" ? withOAuth(safe, opts.auth.source, opts.onResponse) : safe,
    kind,
    log,
  );
  const transport =
    kind === "streamable-http"
      ? new StreamableHTTPClientTransport(opts.url, { fetch, requestInit: { headers } })
      : new SSEClientTransport(opts.url, { fetch, requestInit: { headers } });
  const client = new Client(CLIENT_INFO, { capabilities: clientCapabilities(opts.handlers) });
  installHandlers(client, opts.handlers, opts.connectorId ?? null);
  let closed = false;
  let fail!: (e: unknown) => void;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => undefined);
  client.onerror = (e) => {
    if (!endsConnection(e)) return logIgnored(e, log);
    if (!closed) logger().warn({ event: "mcp.connection_lost", ...log, err: e }, "MCP connection lost");
    fail(e);
  };
  // connect() bounds the initialize request, not the transport's start: the old transport
  // waits there for its `endpoint` event, which a server may never send.
  const connectDeadline = deadline(opts.signal);
  try {
    await Promise.race([
      client.connect(transport, { signal: opts.signal, timeout: remainingMs(opts.signal) }),
      failed,
      connectDeadline.promise,
    ]);
  } catch (err) {
    closed = true;
    await client.close().catch(() => undefined);
    // The SDK's timeout is the rest of our deadline: whichever fires first, it is our TIMEOUT.
    const sdkTimeout = err instanceof McpError && err.code === Number(ErrorCode.RequestTimeout);
    if (sdkTimeout) throw new AppError("TIMEOUT", "The server did not finish connecting in time.", { cause: err });
    throw err;
  } finally {
    connectDeadline.clear();
  }
  const info = client.getServerVersion();
  return {
    client,
    failed,
    transport: kind,
    server: info ? { name: info.name, version: info.version } : null,
    hasTools: Boolean(client.getServerCapabilities()?.tools),
    close: async ({ endSession: end = true } = {}) => {
      if (closed) return;
      closed = true;
      if (end) await endSession(transport, opts.closeTimeoutMs ?? 2_000);
      await client.close().catch(() => undefined);
    },
  };
}

export async function connectMcp(opts: McpConnectOptions): Promise<McpConnection> {
  if (opts.transport !== "auto") return connectWith(opts.transport, opts);
  try {
    return await connectWith("streamable-http", opts);
  } catch (err) {
    if (!looksLikeOldServer(err) || opts.signal.aborted) throw err;
    try {
      return await connectWith("sse", opts);
    } catch {
      // The SSE attempt failing says less than the original answer did.
      throw err;
    }
  }
}

function toDiscovered(t: Tool): DiscoveredTool {
  const visibility = appVisibilityOf(t);
  return {
    name: t.name,
    ...(t.title ? { title: t.title } : t.annotations?.title ? { title: t.annotations.title } : {}),
    ...(t.description ? { description: t.description } : {}),
    inputSchema: t.inputSchema,
    ...(appUriOf(t) ? { appUri: appUriOf(t) } : {}),
    ...(visibility ? { visibility } : {}),
    ...(t.annotations ? { annotations: knownAnnotations(t.annotations) } : {}),
  };
}

// Only the hints we know, with the types they should have: the rest of a server's
// annotations object is not stored.
function knownAnnotations(a: NonNullable<Tool["annotations"]>): ToolAnnotations {
  const out: ToolAnnotations = {};
  if (typeof a.title === "string") out.title = a.title;
  for (const k of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const)
    if (typeof a[k] === "boolean") out[k] = a[k];
  return out;
}

const bytes = (text: string) => Buffer.byteLength(text, "utf8");

/**
 * The caps on what a server's tool list may weigh (TOOL_*_MAX_BYTES): the list is stored,
 * returned by every connectors.list and sent with every model request.
 */
function checkToolSize(t: DiscoveredTool, caps: { description: number; schema: number }): number {
  const name = t.name.slice(0, 64);
  for (const [what, text] of [
    ["description", t.description],
    ["title", t.title],
  ] as const) {
    const size = text === undefined ? 0 : bytes(text);
    if (size > caps.description)
      throw new AppError(
        "INVALID_MCP_SERVER",
        `The server's tool ${name} has a ${what} of ${size} bytes; connectors accept at most ${caps.description} bytes (TOOL_DESCRIPTION_MAX_BYTES).`,
      );
  }
  const schema = bytes(JSON.stringify(t.inputSchema ?? {}));
  if (schema > caps.schema)
    throw new AppError(
      "INVALID_MCP_SERVER",
      `The server's tool ${name} has an input schema of ${schema} bytes; connectors accept at most ${caps.schema} bytes (TOOL_SCHEMA_MAX_BYTES).`,
    );
  return bytes(JSON.stringify(t));
}

/**
 * Every tool the server offers, following pagination to the end, within the size caps.
 * `outputSchemas` collects the tools' declared output schemas, against which their
 * structured results are checked.
 */
export async function listAllTools(
  conn: McpConnection,
  signal: AbortSignal,
  outputSchemas?: Map<string, Record<string, unknown>>,
): Promise<DiscoveredTool[]> {
  const e = env();
  const caps = { description: e.TOOL_DESCRIPTION_MAX_BYTES, schema: e.TOOL_SCHEMA_MAX_BYTES };
  const tools: DiscoveredTool[] = [];
  let total = 0;
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_TOOL_PAGES; page++) {
    // A plain request, not client.listTools: that one compiles every output schema and
    // fails the whole list on one it cannot compile. Schemas are checked when a result
    // arrives (output-schema.ts), and a bad one is reported next to that tool's result.
    const res = await Promise.race([
      conn.client.request({ method: "tools/list", params: cursor ? { cursor } : {} }, ListToolsResultSchema, {
        signal,
        timeout: remainingMs(signal),
      }),
      conn.failed,
    ]);
    for (const t of res.tools.map(toDiscovered)) {
      total += checkToolSize(t, caps);
      if (total > e.TOOL_LIST_MAX_BYTES)
        throw new AppError(
          "INVALID_MCP_SERVER",
          `The server's tool list is over ${e.TOOL_LIST_MAX_BYTES} bytes; connectors accept at most that much per connector (TOOL_LIST_MAX_BYTES).`,
        );
      tools.push(t);
    }
    for (const t of res.tools) if (t.outputSchema) outputSchemas?.set(t.name, t.outputSchema);
    if (tools.length > MAX_TOOLS)
      throw new AppError(
        "INVALID_MCP_SERVER",
        `The server offers more than ${MAX_TOOLS} tools; connectors support at most ${MAX_TOOLS}.`,
      );
    cursor = res.nextCursor;
    if (!cursor) return tools;
    if (seenCursors.has(cursor))
      throw new AppError("INVALID_MCP_SERVER", "The server's tool list pages loop back on themselves.");
    seenCursors.add(cursor);
  }
  throw new AppError("INVALID_MCP_SERVER", `The server's tool list has more than ${MAX_TOOL_PAGES} pages.`);
}
