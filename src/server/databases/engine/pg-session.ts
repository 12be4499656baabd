// A SqlSession over one node-postgres Client (a user's PostgreSQL server).
import type pg from "pg";
import { AppError } from "@/lib/errors";
import { Mutex, type SqlQuery, type SqlRow, type SqlSession } from "./session";

// Every value stays PostgreSQL's text output; values.ts decides what it becomes.
const RAW_TEXT = { getTypeParser: () => (text: string) => text } as unknown as pg.CustomTypesConfig;

/**
 * How long after a caller's deadline the connection is dropped. The server's own
 * statement_timeout normally ends the statement first and keeps the connection usable;
 * this only catches a server or network that stopped answering.
 */
export const CLIENT_GRACE_MS = 2_000;

export function pgSession(client: pg.Client): SqlSession {
  const mutex = new Mutex();
  let lost: string | undefined;
  // A connection the server drops while idle must not become an unhandled 'error' event.
  client.on("error", (err) => {
    lost ??= err.message;
  });
  client.on("end", () => {
    lost ??= "the connection was closed";
  });

  const query: SqlQuery = async (sql, params = []) => {
    if (lost)
      throw new AppError("CONNECT_FAILED", `The connection to the database is closed (${lost}). Connect again.`);
    // queryMode "extended": even without parameters the statement goes through
    // Parse/Bind/Execute, and Parse accepts one statement only.
    const config = { text: sql, values: [...params], rowMode: "array", types: RAW_TEXT, queryMode: "extended" };
    try {
      const res = await client.query<SqlRow>(config as pg.QueryArrayConfig);
      return { fields: res.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })), rows: res.rows };
    } catch (err) {
      if (lost)
        throw new AppError("CONNECT_FAILED", `The connection to the database was lost (${lost}).`, { cause: err });
      throw err;
    }
  };

  return {
    engine: "postgres",
    query: (sql, params) => mutex.run(() => query(sql, params)),
    exclusive: (work, opts) =>
      mutex.run(async () => {
        if (opts?.timeoutMs === undefined) return work(query);
        let expired = false;
        const timer = setTimeout(() => {
          expired = true;
          lost ??= "no answer before the deadline";
          client.connection.stream.destroy();
        }, opts.timeoutMs + CLIENT_GRACE_MS);
        try {
          return await work(query);
        } catch (err) {
          if (expired)
            throw new AppError("TIMEOUT", `The database did not answer within ${opts.timeoutMs} ms.`, { cause: err });
          throw err;
        } finally {
          clearTimeout(timer);
        }
      }),
    close: async () => {
      lost ??= "closed by the app";
      await client.end().catch(() => undefined);
    },
  };
}
