// run_query and explain_query: a user's (or the model's) SQL, read-only by construction.
//
// Layers, each enough to stop most writes and together meant to stop all of them:
// 1. sql-guard: one statement, starting SELECT/WITH/VALUES/TABLE, no calls to functions
//    whose effect survives a rollback;
// 2. the extended protocol (pg's queryMode "extended", PGlite's query()), whose Parse
//    refuses a second statement whatever the guard thought;
// 3. DECLARE … CURSOR, which accepts only a query and refuses data-modifying WITH;
// 4. BEGIN TRANSACTION READ ONLY, so the server refuses any write, nextval() included;
// 5. ROLLBACK at the end, always.
// The cursor also caps the rows: FETCH asks for rowLimit + 1 and the server stops there.
import { AppError } from "@/lib/errors";
import { pgErrorFields } from "./errors";
import { checkReadOnlyQuery } from "./sql-guard";
import type { SqlSession } from "./session";
import { withReadOnlyTransaction } from "./transaction";
import { DEFAULT_VALUE_LIMITS, toJsonValue, typeNames, type JsonValue, type ValueLimits } from "./values";

export const QUERY_LIMITS = {
  defaultRows: 100,
  maxRows: 1_000,
  defaultTimeoutMs: 10_000,
  minTimeoutMs: 50,
  maxTimeoutMs: 120_000,
} as const;

export type RunQueryOptions = {
  rowLimit?: number;
  statementTimeoutMs?: number;
  values?: Partial<ValueLimits>;
};

export type QueryColumn = { name: string; type: string };

export type QueryResult = {
  columns: QueryColumn[];
  rows: JsonValue[][];
  rowCount: number;
  /** More rows exist than were returned. */
  truncated: boolean;
  /** The statement that ran (as sent, without trailing semicolons). */
  sql: string;
  durationMs: number;
};

export type ExplainResult = { plan: string; sql: string };

const CURSOR = "connectors_query";

const clamp = (n: number | undefined, fallback: number, min: number, max: number) =>
  Math.min(max, Math.max(min, Math.floor(n ?? fallback)));

function timeoutOf(opts: { statementTimeoutMs?: number }): number {
  const { defaultTimeoutMs, minTimeoutMs, maxTimeoutMs } = QUERY_LIMITS;
  return clamp(opts.statementTimeoutMs, defaultTimeoutMs, minTimeoutMs, maxTimeoutMs);
}

/** A database's refusal, explained; `prefix` is what the engine put before the user's SQL. */
function queryError(err: unknown, timeoutMs: number, statement: string, prefix: string): AppError {
  if (err instanceof AppError) return err;
  const pg = pgErrorFields(err);
  if (!pg)
    return new AppError("CONNECT_FAILED", "The connection to the database failed while running the query.", {
      cause: err,
    });
  if (pg.code === "57014")
    return new AppError("TIMEOUT", `The query ran longer than ${timeoutMs} ms and was cancelled.`, { cause: err });
  if (pg.code === "25006" || (pg.code === "0A000" && /data-modifying/i.test(pg.message)))
    return new AppError("READ_ONLY", `Only reading is allowed; the database refused: ${pg.message}.`, { cause: err });
  if (pg.code === "42601" && /INTO is not allowed/i.test(pg.message))
    return new AppError("READ_ONLY", "Only reading is allowed; SELECT … INTO would create a table.", { cause: err });
  if (pg.code === "42601" && /multiple commands/i.test(pg.message))
    return new AppError("VALIDATION", "Send one statement at a time.", { cause: err });
  // Positions count from the start of what was sent; report them within the user's SQL.
  const at = Number(pg.position) - prefix.length;
  const position = at >= 1 && at <= statement.length ? at : undefined;
  return new AppError("QUERY_FAILED", `The database refused the query: ${pg.message}`, {
    cause: err,
    details: {
      sqlstate: pg.code,
      ...(position ? { position } : {}),
      ...(pg.hint ? { hint: pg.hint } : {}),
      ...(pg.detail ? { detail: pg.detail } : {}),
    },
  });
}

/** Runs one read-only query and returns at most `rowLimit` rows as JSON-safe values. */
export async function runQuery(session: SqlSession, sql: string, opts: RunQueryOptions = {}): Promise<QueryResult> {
  const { statement } = checkReadOnlyQuery(sql);
  const rowLimit = clamp(opts.rowLimit, QUERY_LIMITS.defaultRows, 1, QUERY_LIMITS.maxRows);
  const timeoutMs = timeoutOf(opts);
  const limits = { ...DEFAULT_VALUE_LIMITS, ...opts.values };
  const prefix = `DECLARE ${CURSOR} NO SCROLL CURSOR FOR `;
  const started = performance.now();
  try {
    return await withReadOnlyTransaction(session, { timeoutMs }, async (query) => {
      await query(prefix + statement);
      const res = await query(`FETCH FORWARD ${rowLimit + 1} FROM ${CURSOR}`);
      const types = await typeNames(
        session,
        query,
        res.fields.map((f) => f.dataTypeID),
      );
      const truncated = res.rows.length > rowLimit;
      const rows = res.rows
        .slice(0, rowLimit)
        .map((row) => res.fields.map((f, i) => toJsonValue(f.dataTypeID, row[i] ?? null, limits)));
      return {
        columns: res.fields.map((f) => ({ name: f.name, type: types.get(f.dataTypeID) ?? `oid ${f.dataTypeID}` })),
        rows,
        rowCount: rows.length,
        truncated,
        sql: statement,
        durationMs: Math.round(performance.now() - started),
      };
    });
  } catch (err) {
    throw queryError(err, timeoutMs, statement, prefix);
  }
}

// A plan node that would write; plain EXPLAIN never executes, but a writable WITH is still
// a request to write, so it is refused here as run_query refuses it.
const WRITE_NODE = /^\s*(->\s*)?(Insert|Update|Delete|Merge) on /m;

/** The planner's plan for one read-only query (EXPLAIN without ANALYZE: nothing runs). */
export async function explainQuery(
  session: SqlSession,
  sql: string,
  opts: { statementTimeoutMs?: number } = {},
): Promise<ExplainResult> {
  const { statement } = checkReadOnlyQuery(sql);
  const timeoutMs = timeoutOf(opts);
  const prefix = "EXPLAIN (FORMAT TEXT) ";
  let plan: string;
  try {
    plan = await withReadOnlyTransaction(session, { timeoutMs }, async (query) => {
      const res = await query(prefix + statement);
      return res.rows.map((r) => r[0] ?? "").join("\n");
    });
  } catch (err) {
    throw queryError(err, timeoutMs, statement, prefix);
  }
  if (WRITE_NODE.test(plan)) throw new AppError("READ_ONLY", "Only reading is allowed; this query would modify data.");
  return { plan, sql: statement };
}
