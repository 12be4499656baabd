// What the HTTP side of an MCP connection does about failures. Only three things end
// something: a POST in a session answered 404 (the server forgot the session: that one
// request fails with SessionExpiredError, and the pool starts a new session), a POST's
// answer stream cut before its answer (that request fails at once instead of waiting for
// its deadline), and a broken HTTP+SSE stream (the old transport's only way back, so the
// connection is over). Everything else the SDK reports (the optional GET stream refused,
// a frame that is not JSON-RPC, a response to an id nobody sent) is logged and ignored.
import type { TransportKind } from "@/lib/schemas/connectors";
import { logger } from "@/server/platform/log";
import type { FetchLike } from "@/server/platform/outbound";
import { SseError } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";

/** The server no longer knows the session a request was sent in; the request never ran. */
export class SessionExpiredError extends Error {
  constructor() {
    super("The server no longer knows this MCP session (HTTP 404).");
    this.name = "SessionExpiredError";
  }
}

export type TransportLog = { connectorId?: string; transport: TransportKind };

/** Request ids in a POST body: the requests an answer stream owes a response to. */
function requestIds(body: unknown): (string | number)[] {
  if (typeof body !== "string") return [];
  try {
    const parsed = JSON.parse(body) as unknown;
    return (Array.isArray(parsed) ? parsed : [parsed])
      .filter((m): m is { id: string | number; method: string } => {
        const r = m as { id?: unknown; method?: unknown };
        return typeof r.method === "string" && (typeof r.id === "string" || typeof r.id === "number");
      })
      .map((m) => m.id);
  } catch {
    return [];
  }
}

function isAbort(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === "AbortError" || name === "TimeoutError";
}

/**
 * An answer stream that, if the connection breaks before the server made the stream
 * resumable (an SSE `id:` field), ends with a JSON-RPC error for each request it carried,
 * so those requests fail now, as the server's own error would, and the connection lives on.
 */
function guardAnswerStream(
  body: ReadableStream<Uint8Array>,
  ids: (string | number)[],
  signal: AbortSignal | null | undefined,
  log: TransportLog,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let seen = "\n";
  let resumable = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await reader.read();
        if (done) return controller.close();
        if (!resumable) {
          seen = (seen + decoder.decode(value, { stream: true })).slice(-4096);
          resumable = /[\r\n]id:/.test(seen);
        }
        controller.enqueue(value);
      } catch (err) {
        if (resumable || isAbort(err) || signal?.aborted) return controller.error(err);
        logger().warn({ event: "mcp.answer_stream_broken", ...log, err }, "the server cut an answer short");
        const reason = err instanceof Error ? err.message : String(err);
        const message = `The server closed the connection before answering (${reason}).`;
        // A blank line first ends whatever partial event the server left behind.
        let frames = "\n\n";
        for (const id of ids)
          frames += `event: message\ndata: ${JSON.stringify({ jsonrpc: "2.0", id, error: { code: ErrorCode.ConnectionClosed, message } })}\n\n`;
        controller.enqueue(encoder.encode(frames));
        controller.close();
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** The fetch an MCP transport uses, applying the rules above to every POST. */
export function watchSessions(base: FetchLike, kind: TransportKind, log: TransportLog): FetchLike {
  return async (input, init = {}) => {
    const res = await base(input, init);
    if ((init.method ?? "GET").toUpperCase() !== "POST") return res;
    // The old transport's message endpoint is the session; the new one names it in a header.
    const inSession = kind === "sse" || new Headers(init.headers).has("mcp-session-id");
    if (res.status === 404 && inSession) {
      await res.body?.cancel();
      throw new SessionExpiredError();
    }
    const ids = requestIds(init.body);
    const eventStream = (res.headers.get("content-type") ?? "").toLowerCase().startsWith("text/event-stream");
    if (kind !== "streamable-http" || !res.ok || !res.body || !eventStream || ids.length === 0) return res;
    return new Response(guardAnswerStream(res.body, ids, init.signal, log), {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  };
}

/** A broken HTTP+SSE stream: the server's answers can no longer reach us. */
export function endsConnection(err: unknown): boolean {
  return err instanceof SseError;
}

function ignoredKind(err: unknown): { event: string; level: "debug" | "info" | "warn" } {
  const name = err instanceof Error ? err.name : "";
  const message = err instanceof Error ? err.message : String(err);
  // Stateless servers refuse the optional GET stream (404 or 405): nothing is wrong.
  if (/Failed to open SSE stream/.test(message)) return { event: "mcp.standby_stream_unavailable", level: "debug" };
  if (name === "SyntaxError" || name === "ZodError" || /unknown (message ID|message type|token)/i.test(message))
    return { event: "mcp.stray_message", level: "warn" };
  if (/reconnect|SSE stream disconnected/i.test(message)) return { event: "mcp.stream_interrupted", level: "info" };
  // A request that failed (refused, unreachable, session gone) fails for its caller too.
  if (err instanceof SessionExpiredError || /Error POSTing to endpoint|fetch failed/.test(message))
    return { event: "mcp.request_failed", level: "debug" };
  return { event: "mcp.transport_error", level: "info" };
}

/** Logs an error the SDK reported that does not end the connection. */
export function logIgnored(err: unknown, log: TransportLog): void {
  const { event, level } = ignoredKind(err);
  logger()[level]({ event, ...log, err }, "MCP transport error, connection kept");
}

/**
 * Ends the session on the server (HTTP DELETE with its id), waiting at most `timeoutMs`:
 * a server that does not answer must not hold whoever closes.
 */
export async function endSession(transport: unknown, timeoutMs: number): Promise<void> {
  if (!(transport instanceof StreamableHTTPClientTransport) || !transport.sessionId) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    transport.terminateSession().catch(() => undefined), // reported through onerror
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
}
