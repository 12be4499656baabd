// One LISTEN connection per process on PostgreSQL: notifications from other app instances
// (an answer to a server's question, a Stop) wake the waiting instance at once. A lost
// connection is opened again on the next subscription; waiters also poll, so nothing is
// missed meanwhile.
import { logger } from "@/server/platform/log";
import pg from "pg";

export type Listener = (channel: string, onPayload: (payload: string) => void) => Promise<() => void>;

export function pgListener(url: string): { listen: Listener; close(): Promise<void> } {
  let client: Promise<pg.Client> | null = null;
  const handlers = new Map<string, Set<(payload: string) => void>>();

  const open = (): Promise<pg.Client> => {
    client ??= (async () => {
      const c = new pg.Client({ connectionString: url });
      c.on("notification", (n) => {
        for (const fn of handlers.get(n.channel) ?? []) fn(n.payload ?? "");
      });
      c.on("error", (err) => {
        logger().warn({ event: "db.listen_lost", err }, "database notifications lost; polling until reconnected");
        client = null;
        void c.end().catch(() => undefined);
      });
      await c.connect();
      // A client is kept open by its sockets; a process may exit while it listens.
      (c as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
      for (const channel of handlers.keys()) await c.query(`LISTEN "${channel}"`);
      return c;
    })().catch((err: unknown) => {
      client = null;
      throw err;
    });
    return client;
  };

  const listen: Listener = async (channel, onPayload) => {
    if (!/^[a-z_]{1,40}$/.test(channel)) throw new Error(`Invalid channel name ${channel}`);
    const set = handlers.get(channel) ?? new Set();
    const first = set.size === 0 && !handlers.has(channel);
    set.add(onPayload);
    handlers.set(channel, set);
    try {
      const c = await open();
      if (first) await c.query(`LISTEN "${channel}"`);
    } catch (err) {
      logger().warn({ event: "db.listen_failed", err }, "could not listen for database notifications; polling");
    }
    return () => {
      set.delete(onPayload);
    };
  };
  return {
    listen,
    close: async () => {
      const c = client;
      client = null;
      handlers.clear();
      if (c) await (await c.catch(() => null))?.end().catch(() => undefined);
    },
  };
}
