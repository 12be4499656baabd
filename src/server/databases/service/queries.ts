// What the Databases tools do, on the database a call names (or the default one): the
// schema tools on its catalog, and read-only SQL with the deployment's row limit and
// statement timeout (QUERY_ROW_LIMIT, QUERY_TIMEOUT_MS).
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import type { DatabaseSchema } from "@/server/databases/engine/introspect";
import { explainQuery, runQuery, type ExplainResult, type QueryResult } from "@/server/databases/engine/query";
import {
  describeTable,
  findColumns,
  listTables,
  sampleRows,
  type ColumnMatch,
  type TableDescription,
  type TableRef,
  type TableSummary,
} from "@/server/databases/engine/tools";
import {
  databaseHandles,
  defaultHandle,
  resolveDatabase,
  withSession,
  type DatabaseHandle,
} from "@/server/databases/service/access";
import { sampleState } from "@/server/databases/service/sample";
import { loadSchema } from "@/server/databases/service/snapshot";

export type DatabaseRef = { id: string; name: string };
const refOf = (h: DatabaseHandle): DatabaseRef => ({ id: h.id, name: h.name });

export function queryLimits() {
  return { rowLimit: env().QUERY_ROW_LIMIT, statementTimeoutMs: env().QUERY_TIMEOUT_MS };
}

/** Uses the stored catalog; a table it does not know sends it back to the server once. */
async function withSchema<T>(handle: DatabaseHandle, use: (schema: DatabaseSchema) => T): Promise<T> {
  const first = await loadSchema(handle);
  try {
    return use(first.schema);
  } catch (err) {
    if (!(first.fromSnapshot && err instanceof AppError && err.code === "NOT_FOUND")) throw err;
    return use((await loadSchema(handle, { maxAgeMs: 0 })).schema);
  }
}

/** The sample's state in the words of the databases list (DatabaseStatus). */
function sampleStatus(): string {
  const { status } = sampleState();
  return status === "ready" ? "connected" : status;
}

export type AgentDatabase = DatabaseRef & { kind: "postgres" | "sample"; status: string; default: boolean };

/** The databases the agent may use, and which one it uses when none is named. */
export async function agentDatabases(userId: string): Promise<AgentDatabase[]> {
  const all = (await databaseHandles(userId)).filter((h) => h.enabled);
  const fallback = defaultHandle(all);
  return all.map((h) => ({
    ...refOf(h),
    kind: h.kind,
    status: h.kind === "sample" ? sampleStatus() : h.row?.lastTestOk === false ? "failing" : "connected",
    default: h === fallback,
  }));
}

export async function databaseTables(
  userId: string,
  ref: string | undefined,
  schema?: string,
): Promise<{ database: DatabaseRef; tables: TableSummary[] }> {
  const handle = await resolveDatabase(userId, ref);
  return { database: refOf(handle), tables: await withSchema(handle, (s) => listTables(s, { schema })) };
}

export async function databaseTable(
  userId: string,
  ref: string | undefined,
  table: TableRef,
): Promise<{ database: DatabaseRef; table: TableDescription }> {
  const handle = await resolveDatabase(userId, ref);
  return { database: refOf(handle), table: await withSchema(handle, (s) => describeTable(s, table)) };
}

export async function databaseColumns(
  userId: string,
  ref: string | undefined,
  query: string,
  limit?: number,
): Promise<{ database: DatabaseRef; matches: ColumnMatch[] }> {
  const handle = await resolveDatabase(userId, ref);
  return { database: refOf(handle), matches: await withSchema(handle, (s) => findColumns(s, query, { limit })) };
}

export type RowsOutcome = { database: DatabaseRef; result: QueryResult; rowLimit: number };

export async function databaseSample(
  userId: string,
  ref: string | undefined,
  table: TableRef,
  limit: number,
): Promise<RowsOutcome> {
  const handle = await resolveDatabase(userId, ref);
  const { statementTimeoutMs } = queryLimits();
  const result = await withSession(handle, async (session) => {
    const first = await loadSchema(handle, { session });
    try {
      return await sampleRows(session, first.schema, table, { limit, statementTimeoutMs });
    } catch (err) {
      if (!(first.fromSnapshot && err instanceof AppError && err.code === "NOT_FOUND")) throw err;
      const { schema } = await loadSchema(handle, { session, maxAgeMs: 0 });
      return sampleRows(session, schema, table, { limit, statementTimeoutMs });
    }
  });
  return { database: refOf(handle), result, rowLimit: limit };
}

export async function databaseQuery(userId: string, ref: string | undefined, sql: string): Promise<RowsOutcome> {
  const handle = await resolveDatabase(userId, ref);
  const limits = queryLimits();
  const result = await withSession(handle, (session) => runQuery(session, sql, limits));
  return { database: refOf(handle), result, rowLimit: limits.rowLimit };
}

export async function databaseExplain(
  userId: string,
  ref: string | undefined,
  sql: string,
): Promise<{ database: DatabaseRef; result: ExplainResult }> {
  const handle = await resolveDatabase(userId, ref);
  const { statementTimeoutMs } = queryLimits();
  const result = await withSession(handle, (session) => explainQuery(session, sql, { statementTimeoutMs }));
  return { database: refOf(handle), result };
}
