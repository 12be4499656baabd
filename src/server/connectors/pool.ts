// MCP connections kept per process, keyed by user and connector (never shared between
// users), reused across messages, closed after an idle period or when the connector is
// edited, disabled or deleted. Tool lists are cached until the server announces a change.
// A connection whose transport failed is retired at once and rebuilt on next use; an
// operation whose session the server no longer knows runs once more in a new session.
import { env } from "@/env";
import type { DiscoveredTool, TransportKind } from "@/lib/schemas/connectors";
import { connectMcp, listAllTools, type McpAuth, type McpConnection } from "@/server/connectors/mcp-client";
import { callTool, type CallOptions } from "@/server/connectors/call-deadline";
import { APP_ELICITATION_MODES, type ElicitHandler, type McpHandlers } from "@/server/connectors/mcp-handlers";
import { SessionExpiredError } from "@/server/connectors/mcp-transport";
import { connectorEvents } from "@/server/connectors/service/events";
import { deadlineSignal } from "@/server/platform/deadline";
import { logger } from "@/server/platform/log";
import { configuredPolicy } from "@/server/platform/outbound";
import {
  ReadResourceResultSchema,
  type CallToolResult,
  type ElicitResult,
  type ReadResourceResult,
} from "@modelcontextprotocol/sdk/types.js";

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
            }
          : {}),
        onListChanged: (list) => {
          if (list === "tools") entry.tools = null;
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

  /** Runs `op` on the entry's connection; the idle clock starts again when it ends. */
  private async using<T>(entry: Entry, op: (conn: McpConnection, entry: Entry) => Promise<T>): Promise<T> {
    entry.busy += 1;
    clearTimeout(entry.idle);
    try {
      const conn = await entry.conn;
      return await Promise.race([op(conn, entry), conn.failed]);
    } catch (err) {
      if (err instanceof SessionExpiredError) void this.retire(entry, false);
      throw err;
    } finally {
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
  ): Promise<T> {
    try {
      return await this.using(this.entryFor(c, auth, connectTimeoutMs), op);
    } catch (err) {
      if (!(err instanceof SessionExpiredError)) throw err;
      logger().info({ event: "mcp.session_expired", connectorId: c.id }, "session expired, starting a new one");
      return this.using(this.entryFor(c, auth, connectTimeoutMs), op);
    }
  }

  async listTools(c: PoolConnector, auth: () => McpAuth, timeoutMs: number): Promise<DiscoveredTool[]> {
    const cached = this.entries.get(this.keyOf(c.userId, c.id));
    if (cached?.tools && cached.stamp === c.updatedAt.getTime()) {
      this.touch(cached);
      return cached.tools;
    }
    return this.run(c, auth, timeoutMs, async (conn, entry) => {
      entry.outputSchemas = new Map();
      entry.tools = await listAllTools(conn, deadlineSignal(timeoutMs), entry.outputSchemas);
      return entry.tools;
    });
  }

  async callTool(
    c: PoolConnector,
    auth: () => McpAuth,
    name: string,
    args: Record<string, unknown>,
    timeoutMs: number,
    opts: CallOptions = {},
  ): Promise<CallToolResult> {
    return this.run(c, auth, Math.min(timeoutMs, 10_000), (conn, entry) =>
      callTool(conn.client, entry.askers, name, args, timeoutMs, opts),
    );
  }

  /** The output schema the tool declared when its list was last fetched on this connection. */
  outputSchema(c: PoolConnector, name: string): Record<string, unknown> | undefined {
    return this.entries.get(this.keyOf(c.userId, c.id))?.outputSchemas.get(name);
  }

  /** Reads one of the server's resources (a tool result's resource link). */
  async readResource(
    c: PoolConnector,
    auth: () => McpAuth,
    uri: string,
    timeoutMs: number,
  ): Promise<ReadResourceResult> {
    return this.run(c, auth, Math.min(timeoutMs, 10_000), (conn) => {
      const signal = deadlineSignal(timeoutMs);
      return conn.client.request({ method: "resources/read", params: { uri } }, ReadResourceResultSchema, {
        signal,
        timeout: timeoutMs,
      });
    });
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

const holder = globalThis as unknown as { __connectorsPool?: McpPool };

/** The process's pool; a connector edited, disabled or deleted loses its connection. */
export function mcpPool(): McpPool {
  if (!holder.__connectorsPool) {
    const pool = new McpPool(undefined, { elicitationModes: APP_ELICITATION_MODES });
    connectorEvents.on("changed", (e) => void pool.close(e.userId, e.connectorId));
    holder.__connectorsPool = pool;
  }
  return holder.__connectorsPool;
}
