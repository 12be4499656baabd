// MCP connections kept per process, keyed by user and connector (never shared between
// users), reused across messages, closed after an idle period or when the connector is
// edited, disabled or deleted. Tool lists are cached until the server announces a change.
import { env } from "@/env";
import type { DiscoveredTool, TransportKind } from "@/lib/schemas/connectors";
import { connectMcp, listAllTools, type McpAuth, type McpConnection } from "@/server/connectors/mcp-client";
import { connectorEvents } from "@/server/connectors/service/events";
import { deadlineSignal } from "@/server/platform/deadline";
import { logger } from "@/server/platform/log";
import { configuredPolicy } from "@/server/platform/outbound";
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ToolListChangedNotificationSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";

export type PoolConnector = { id: string; userId: string; url: string; transport: string; updatedAt: Date };

type Entry = {
  key: string;
  stamp: number;
  conn: Promise<McpConnection>;
  tools: DiscoveredTool[] | null;
  /** Operations in flight: a connection is idle only when none are. */
  busy: number;
  idle?: NodeJS.Timeout;
};

function isSessionGone(err: unknown): boolean {
  return err instanceof StreamableHTTPError && err.code === 404;
}

export class McpPool {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly idleMs: () => number = () => env().MCP_POOL_IDLE_MS) {}

  size(): number {
    return this.entries.size;
  }

  private keyOf(userId: string, connectorId: string): string {
    return `${userId}:${connectorId}`;
  }

  private touch(entry: Entry): void {
    clearTimeout(entry.idle);
    if (entry.busy > 0) return;
    entry.idle = setTimeout(() => {
      // Only this entry: a newer connection under the same key has its own timer.
      if (this.entries.get(entry.key) === entry) void this.close(entry.key);
    }, this.idleMs());
    entry.idle.unref?.();
  }

  private entryFor(c: PoolConnector, auth: () => McpAuth, connectTimeoutMs: number): Entry {
    const key = this.keyOf(c.userId, c.id);
    const existing = this.entries.get(key);
    // An edited connector has a new updatedAt: its old connection must not be reused.
    if (existing && existing.stamp === c.updatedAt.getTime()) {
      this.touch(existing);
      return existing;
    }
    if (existing) void this.close(key);
    const entry: Entry = {
      key,
      stamp: c.updatedAt.getTime(),
      tools: null,
      busy: 0,
      conn: Promise.resolve(null as never),
    };
    entry.conn = connectMcp({
      url: new URL(c.url),
      auth: auth(),
      transport: c.transport as TransportKind,
      signal: deadlineSignal(connectTimeoutMs),
      policy: configuredPolicy(),
      longLived: true,
    }).then((conn) => {
      conn.client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
        entry.tools = null;
      });
      return conn;
    });
    // A failed connection is not kept: the next use tries again.
    entry.conn.catch(() => {
      clearTimeout(entry.idle);
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    this.entries.set(key, entry);
    this.touch(entry);
    return entry;
  }

  /** Runs `op` on the entry's connection; the idle clock starts again when it ends. */
  private async using<T>(entry: Entry, op: (conn: McpConnection) => Promise<T>): Promise<T> {
    entry.busy += 1;
    clearTimeout(entry.idle);
    try {
      return await op(await entry.conn);
    } finally {
      entry.busy -= 1;
      if (this.entries.get(entry.key) === entry) this.touch(entry);
    }
  }

  async listTools(c: PoolConnector, auth: () => McpAuth, timeoutMs: number): Promise<DiscoveredTool[]> {
    const entry = this.entryFor(c, auth, timeoutMs);
    if (entry.tools) return entry.tools;
    const tools = await this.using(entry, (conn) => listAllTools(conn, deadlineSignal(timeoutMs)));
    entry.tools = tools;
    return tools;
  }

  async callTool(
    c: PoolConnector,
    auth: () => McpAuth,
    name: string,
    args: Record<string, unknown>,
    timeoutMs: number,
  ): Promise<CallToolResult> {
    const attempt = async () => {
      const entry = this.entryFor(c, auth, Math.min(timeoutMs, 10_000));
      return this.using(entry, async (conn) => {
        const signal = AbortSignal.timeout(timeoutMs);
        return (await Promise.race([
          conn.client.callTool({ name, arguments: args }, undefined, { signal, timeout: timeoutMs }),
          conn.failed,
        ])) as CallToolResult;
      });
    };
    try {
      return await attempt();
    } catch (err) {
      // Only an expired session is safe to retry: the call never reached the tool.
      if (!isSessionGone(err)) throw err;
      logger().info({ event: "mcp.session_expired", connectorId: c.id }, "session expired, reconnecting");
      await this.close(this.keyOf(c.userId, c.id));
      return attempt();
    }
  }

  async close(key: string): Promise<void>;
  async close(userId: string, connectorId: string): Promise<void>;
  async close(a: string, b?: string): Promise<void> {
    const key = b === undefined ? a : this.keyOf(a, b);
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    clearTimeout(entry.idle);
    await entry.conn.then((c) => c.close()).catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((k) => this.close(k)));
  }
}

const holder = globalThis as unknown as { __connectorsPool?: McpPool };

/** The process's pool; a connector edited, disabled or deleted loses its connection. */
export function mcpPool(): McpPool {
  if (!holder.__connectorsPool) {
    const pool = new McpPool();
    connectorEvents.on("changed", (e) => void pool.close(e.userId, e.connectorId));
    holder.__connectorsPool = pool;
  }
  return holder.__connectorsPool;
}
