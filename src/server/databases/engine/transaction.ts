// The one way the engine runs SQL on a user's database: a read-only transaction with a
// deadline, settings that make text output predictable, and a rollback however it ends.
import { CLIENT_GRACE_MS } from "./pg-session";
import type { SqlQuery, SqlSession } from "./session";

export type ReadOnlyOptions = {
  timeoutMs: number;
  /** REPEATABLE READ gives several catalog queries one snapshot. */
  isolation?: "read committed" | "repeatable read";
};

export async function withReadOnlyTransaction<T>(
  session: SqlSession,
  opts: ReadOnlyOptions,
  work: (query: SqlQuery) => Promise<T>,
): Promise<T> {
  const timeout = Math.max(1, Math.round(opts.timeoutMs));
  // If this process dies mid-transaction, the server ends the session by itself.
  const idleTimeout = timeout + CLIENT_GRACE_MS + 1_000;
  return session.exclusive(
    async (query) => {
      await query(
        `BEGIN TRANSACTION ISOLATION LEVEL ${opts.isolation === "repeatable read" ? "REPEATABLE READ" : "READ COMMITTED"} READ ONLY`,
      );
      try {
        // SET LOCAL for all of these, in one round trip; each ends with the transaction.
        // standard_conforming_strings makes the server read quotes as sql-guard does, even
        // where a database turned it off.
        await query(
          `SELECT set_config('statement_timeout', $1, true), set_config('idle_in_transaction_session_timeout', $2, true),
                  set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true),
                  set_config('IntervalStyle', 'postgres', true), set_config('bytea_output', 'hex', true),
                  set_config('extra_float_digits', '1', true), set_config('standard_conforming_strings', 'on', true)`,
          [String(timeout), String(idleTimeout)],
        );
        return await work(query);
      } finally {
        // Fails only when the deadline already took the connection or worker (and the
        // transaction with it); nothing is left to undo then.
        await query("ROLLBACK").catch(() => undefined);
      }
    },
    { timeoutMs: timeout },
  );
}
