// MCP connections kept per process, keyed by user and connector (never shared between
// users), reused across messages, closed after an idle period or when the connector is
// edited, disabled or deleted. Tool lists are cached until the server announces a change.
// A connection whose transport failed is retired at once and rebuilt on next use; an
// operation whose session the server no longer knows runs once more in a new session.
import { env } from "@/env";
import type { DiscoveredTool, TransportKind } from "@/lib/schemas/connectors";
import { settleCompletedStep } from "@/server/connectors/elicitation-complete";
import { connectMcp, listAllTools, type McpAuth, type McpConnection } from "@/server/connectors/mcp-client";
import { callTool, type CallOptions } from "@/server/connectors/call-deadline";
import { APP_ELICITATION_MODES, type ElicitHandler, type McpHandlers } from "@/server/connectors/mcp-handlers";
import { SessionExpiredError } from "@/server/connectors/mcp-transport";
import { connectorEvents } from "@/server/connectors/service/events";
import { syncToolSnapshot } from "@/server/connectors/snapshot";
import { deadlineSignal } from "@/server/platform/deadline";
import { logger } from "@/server/platform/log";
import { registerGauge } from "@/server/platform/metrics";
import { configuredPolicy } from "@/server/platform/outbound";
import type { CallToolResult, ElicitResult } from "@modelcontextprotocol/sdk/types.js";

export type PoolConnector = { id: string; userId: string; url: string; transport: string; updatedAt: Date };

/** Handlers for one connector's connection (elicitation, list changes), chosen per connector. */
export type HandlersFor = (c: PoolConnector) => McpHandlers;

export type PoolOptions = {
  /** How long closing waits for the server to end the session. */
  closeTimeoutMs?: number;
  handlers?: HandlersFor;
  /**
   * The elicitation modes every connection declares: a server's question goes to the
   * newest call in flight on that connection that takes questions (`CallOptions.onElicit`).
   */
  elicitationModes?: readonly ("form" | "url")[];
  /**
   * Told every tool list a server reported on a connection (after each connect, and again
   * after the server announced a change), so the stored snapshot can follow it.
   */
  onToolsListed?: (c: PoolConnector, tools: DiscoveredTool[]) => void;
  /** A server on the connector's connection says a URL question's step is done. */
  onElicitationComplete?: (c: PoolConnector, elicitationId: string) => void;
};

export type { CallOptions };

type Entry = {
  key: string;
  stamp: number;
  conn: Promise<McpConnection>;
  tools: DiscoveredTool[] | null;
  outputSchemas: Map<string, Record<string, unknown>>;
  /** Calls in flight that take the server's questions, newest last. */
  askers: ElicitHandler[];
  /** Operations in flight: a connection is idle only when none are. */
  busy: number;
  idle?: NodeJS.Timeout;
  /** Taken out of the pool: closed as soon as its last operation ends. */
  retired?: { endSession: boolean };
};

export class McpPool {
  private readonly entries = new Map<string, Entry>();
  private handlersFor: HandlersFor;

  constructor(
    private readonly idleMs: () => number = () => env().MCP_POOL_IDLE_MS,
    private readonly options: PoolOptions = {},
  ) {
    this.handlersFor = options.handlers ?? (() => ({}));
  }

  size(): number {
    return this.entries.size;
  }

  /** New handlers apply to new connections, so open ones are closed (they declared other capabilities). */
  async setHandlers(handlers: HandlersFor): Promise<void> {
    this.handlersFor = handlers;
    await this.closeAll();
  }

  private keyOf(userId: string, connectorId: string): string {
    return `${userId}:${connectorId}`;
  }

  private touch(entry: Entry): void {
    clearTimeout(entry.idle);
    if (entry.busy > 0 || entry.retired) return;
    entry.idle = setTimeout(() => {
      // Only this entry: a newer connection under the same key has its own timer.
      if (this.entries.get(entry.key) === entry) void this.close(entry.key);
    }, this.idleMs());
    entry.idle.unref?.();
  }

  /** Takes the entry out of the pool; its connection closes when no operation uses it. */
  private retire(entry: Entry, endSession: boolean): Promise<void> {
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
    clearTimeout(entry.idle);
    entry.retired ??= { endSession };
    return entry.busy > 0 ? Promise.resolve() : this.shut(entry);
  }

  private async shut(entry: Entry): Promise<void> {
    const endSession = entry.retired?.endSession ?? true;
    await entry.conn.then((c) => c.close({ endSession })).catch(() => undefined);
  }

  private entryFor(c: PoolConnector, auth: () => McpAuth, connectTimeoutMs: number): Entry {
    const key = this.keyOf(c.userId, c.id);
    const existing = this.entries.get(key);
    // An edited connector has a new updatedAt: its old connection must not be reused.
    if (existing && existing.stamp === c.updatedAt.getTime()) {
      this.touch(existing);
      return existing;
    }
    if (existing) void this.retire(existing, true);
    const entry: Entry = {
      key,
      stamp: c.updatedAt.getTime(),
      tools: null,
      outputSchemas: new Map(),
      askers: [],
      busy: 0,
      conn: Promise.resolve(null as never),
    };
    const handlers = this.handlersFor(c);
    entry.conn = connectMcp({
      url: new URL(c.url),
      auth: auth(),
      transport: c.transport as TransportKind,
      signal: deadlineSignal(connectTimeoutMs),
      policy: configuredPolicy(),
      longLived: true,
      connectorId: c.id,
      closeTimeoutMs: this.options.closeTimeoutMs,
      handlers: {
        ...handlers,
        ...(this.options.elicitationModes
          ? {
              elicitationModes: this.options.elicitationModes,
              onElicit: (request, ctx): Promise<ElicitResult> => {
                const asker = entry.askers.at(-1) ?? handlers.onElicit;
                return asker ? asker(request, ctx) : Promise.resolve({ action: "cancel" });
              },
              onElicitationComplete: (id: string) => this.options.onElicitationComplete?.(c, id),
            }
          : {}),
        onListChanged: (list) => {
          if (list === "tools") {
            entry.tools = null;
            // Read the new list now, so the snapshot follows it before the next message.
            if (this.options.onToolsListed && this.entries.get(key) === entry)
              void this.listTools(c, auth, connectTimeoutMs).catch(() => undefined);
          }
          handlers.onListChanged?.(list);
        },
      },
    });
    entry.conn.then(
      // The transport failed for good: the next use builds a new connection.
      (conn) => conn.failed.catch(() => void this.retire(entry, false)),
      // A failed connection is not kept: the next use tries again.
      () => {
        clearTimeout(entry.idle);
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    this.entries.set(key, entry);
    this.touch(entry);
    return entry;
  }

  /**
   * Runs `op` on the entry's connection; the idle clock starts again when it ends. The
   * caller's `signal` (a chat turn that ended) stops its wait at once, connecting
   * included; the shared connection itself keeps its own deadline for other callers.
   */
  private async using<T>(
    entry: Entry,
    op: (conn: McpConnection, entry: Entry) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    entry.busy += 1;
    clearTimeout(entry.idle);
    const stop = abortion(signal);
    try {
      const conn = await Promise.race([entry.conn, stop.promise]);
      return await Promise.race([op(conn, entry), conn.failed, stop.promise]);
    } catch (err) {
      if (err instanceof SessionExpiredError) void this.retire(entry, false);
      throw err;
    } finally {
      stop.clear();
      entry.busy -= 1;
      if (entry.retired && entry.busy === 0) void this.shut(entry);
      else if (this.entries.get(entry.key) === entry) this.touch(entry);
    }
  }

  /**
   * Runs `op` on the connector's connection. A request answered "unknown session" never
   * ran, so it is safe to send once more, in a new session.
   */
  private async run<T>(
    c: PoolConnector,
    auth: () => McpAuth,
    connectTimeoutMs: number,
    op: (conn: McpConnection, entry: Entry) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    try {
      return await this.using(this.entryFor(c, auth, connectTimeoutMs), op, signal);
    } catch (err) {
      if (!(err instanceof SessionExpiredError)) throw err;
      logger().info({ event: "mcp.session_expired", connectorId: c.id }, "session expired, starting a new one");
      return this.using(this.entryFor(c, auth, connectTimeoutMs), op, signal);
    }
  }

  /** Whether the connector has a connection in the pool (open or opening). */
  has(userId: string, connectorId: string): boolean {
    return this.entries.has(this.keyOf(userId, connectorId));
  }

  /** The connector's tools (cached); `signal` is the caller's, e.g. the chat turn's. */
  async listTools(
    c: PoolConnector,
    auth: () => McpAuth,
    timeoutMs: number,
    opts: { signal?: AbortSignal } = {},
  ): Promise<DiscoveredTool[]> {
    const cached = this.entries.get(this.keyOf(c.userId, c.id));
    if (cached?.tools && cached.stamp === c.updatedAt.getTime()) {
      this.touch(cached);
      return cached.tools;
    }
    return this.run(
      c,
      auth,
      timeoutMs,
      async (conn, entry) => {
        const deadline = deadlineSignal(timeoutMs);
        const signal = opts.signal
          ? Object.assign(AbortSignal.any([deadline, opts.signal]), { deadline: deadline.deadline })
          : deadline;
        entry.outputSchemas = new Map();
        entry.tools = await listAllTools(conn, signal, entry.outputSchemas);
        this.options.onToolsListed?.(c, entry.tools);
        return entry.tools;
      },
      opts.signal,
    );
  }

  async callTool(
    c: PoolConnector,
    auth: () => McpAuth,
    name: string,
    args: Record<string, unknown>,
    timeoutMs: number,
    opts: CallOptions = {},
  ): Promise<CallToolResult> {
    return this.run(
      c,
      auth,
      Math.min(timeoutMs, 10_000),
      (conn, entry) => callTool(conn.client, entry.askers, name, args, timeoutMs, opts),
      opts.signal,
    );
  }

  /** The output schema the tool declared when its list was last fetched on this connection. */
  outputSchema(c: PoolConnector, name: string): Record<string, unknown> | undefined {
    return this.entries.get(this.keyOf(c.userId, c.id))?.outputSchemas.get(name);
  }

  /**
   * Any other request on the connector's pooled connection (resources, prompts,
   * completion, app resources), under a deadline of `timeoutMs`; connecting is bounded
   * as for tool calls (at most 10 s).
   */
  async request<T>(
    c: PoolConnector,
    auth: () => McpAuth,
    timeoutMs: number,
    op: (conn: McpConnection, signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    return this.run(c, auth, Math.min(timeoutMs, 10_000), (conn) => op(conn, deadlineSignal(timeoutMs)));
  }

  async close(key: string): Promise<void>;
  async close(userId: string, connectorId: string): Promise<void>;
  async close(a: string, b?: string): Promise<void> {
    const key = b === undefined ? a : this.keyOf(a, b);
    const entry = this.entries.get(key);
    if (entry) await this.retire(entry, true);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((k) => this.close(k)));
  }
}

/** Rejects with the signal's reason when it fires; `clear` stops listening. */
function abortion(signal: AbortSignal | undefined): { promise: Promise<never>; clear(): void } {
  const done = new AbortController();
  const promise = new Promise<never>((_, reject) => {
    if (!signal) return;
    const fire = () =>
      reject(signal.reason instanceof Error ? signal.reason : new DOMException("Aborted", "AbortError"));
    if (signal.aborted) fire();
    else signal.addEventListener("abort", fire, { once: true, signal: done.signal });
  });
  promise.catch(() => undefined);
  return { promise, clear: () => done.abort() };
}

const holder = globalThis as unknown as { __connectorsPool?: McpPool };

/** The process's pool; a connector edited, disabled or deleted loses its connection. */
export function mcpPool(): McpPool {
  if (!holder.__connectorsPool) {
    const pool = new McpPool(undefined, {
      elicitationModes: APP_ELICITATION_MODES,
      onToolsListed: (c, tools) =>
        void syncToolSnapshot(c.userId, c.id, tools).catch((err: unknown) =>
          logger().warn({ event: "connector.snapshot", connectorId: c.id, err }, "tool snapshot not updated"),
        ),
      onElicitationComplete: (c, id) => void settleCompletedStep(c.userId, c.id, id),
    });
    connectorEvents.on("changed", (e) => void pool.close(e.userId, e.connectorId));
    holder.__connectorsPool = pool;
    registerGauge("connectors_mcp_pool_sessions", "Pooled MCP connections open.", () => pool.size());
  }
  return holder.__connectorsPool;
}
