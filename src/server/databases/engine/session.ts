// One connection to a database, whichever engine runs it. Rows come back as PostgreSQL's
// own text output (one array per row) so PostgreSQL and PGlite answer identically; turning
// text into JSON values is values.ts's job, not the driver's.

export type SqlField = { name: string; dataTypeID: number };
export type SqlRow = (string | null)[];
export type SqlResult = { fields: SqlField[]; rows: SqlRow[] };
export type SqlParam = string | number | boolean | null;

/** Runs exactly one statement (the extended protocol refuses more). */
export type SqlQuery = (sql: string, params?: readonly SqlParam[]) => Promise<SqlResult>;

export type SqlSession = {
  readonly engine: "postgres" | "pglite";
  query: SqlQuery;
  /**
   * Runs `work` with the connection to itself (nobody else's statements in between), e.g.
   * one transaction. With `timeoutMs` the session guarantees `work` ends by then: PGlite
   * stops its worker, PostgreSQL drops the connection if the server's own
   * statement_timeout has not ended it first. Either way the transaction is gone.
   */
  exclusive<T>(work: (query: SqlQuery) => Promise<T>, opts?: { timeoutMs?: number }): Promise<T>;
  close(): Promise<void>;
};

/** Serialises callers: each `run` starts once every earlier one has settled. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** Result rows as objects keyed by column name (for the engine's own catalog queries). */
export function rowObjects(result: SqlResult): Record<string, string | null>[] {
  return result.rows.map((row) => Object.fromEntries(result.fields.map((f, i) => [f.name, row[i] ?? null])));
}
