// The schema tools' logic as plain functions over an introspected schema (and a session
// for sampling). The agent wiring turns these into model tools.
import { AppError } from "@/lib/errors";
import type { Column, DatabaseSchema, Relation, RelationKind } from "./introspect";
import { runQuery, type QueryResult } from "./query";
import type { SqlSession } from "./session";
import { quoteIdent } from "./sql-guard";

export type TableRef = { schema?: string; table: string };

export type TableSummary = {
  schema: string;
  name: string;
  kind: RelationKind;
  rowEstimate: number | null;
  columnCount: number;
  comment: string | null;
};

export type TableDescription = Relation & {
  /** Foreign keys of other relations that point at this one. */
  referencedBy: { schema: string; table: string; name: string; columns: string[]; referencedColumns: string[] }[];
};

export type ColumnMatch = {
  schema: string;
  table: string;
  column: string;
  type: string;
  comment: string | null;
  score: number;
};

const qualified = (r: { schema: string; name: string }) => `${r.schema}.${r.name}`;

export function listTables(db: DatabaseSchema, opts: { schema?: string } = {}): TableSummary[] {
  return db.relations
    .filter((r) => opts.schema === undefined || r.schema === opts.schema)
    .map((r) => ({
      schema: r.schema,
      name: r.name,
      kind: r.kind,
      rowEstimate: r.rowEstimate,
      columnCount: r.columns.length,
      comment: r.comment,
    }));
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** Names close to `wanted`, closest first: for "did you mean" messages. */
function suggestions(db: DatabaseSchema, wanted: string): string[] {
  const w = wanted.toLowerCase();
  return db.relations
    .map((r) => {
      const name = r.name.toLowerCase();
      const distance = name.includes(w) || w.includes(name) ? 0 : editDistance(w, name);
      return { name: qualified(r), distance };
    })
    .filter((s) => s.distance <= Math.max(2, Math.floor(w.length / 3)))
    .sort((a, b) => a.distance - b.distance || (a.name < b.name ? -1 : 1))
    .slice(0, 5)
    .map((s) => s.name);
}

/**
 * The relation a reference names. "schema.table" in `table` works too; without a schema a
 * unique name anywhere is enough. Exact spelling wins, then a case-insensitive match.
 */
export function findRelation(db: DatabaseSchema, ref: TableRef): Relation {
  let { schema, table } = ref;
  if (schema === undefined && !db.relations.some((r) => r.name === table)) {
    const dot = table.indexOf(".");
    if (dot > 0) [schema, table] = [table.slice(0, dot), table.slice(dot + 1)];
  }
  const inSchema = (r: Relation, exact: boolean) =>
    schema === undefined || (exact ? r.schema === schema : r.schema.toLowerCase() === schema.toLowerCase());
  for (const exact of [true, false]) {
    const found = db.relations.filter(
      (r) => inSchema(r, exact) && (exact ? r.name === table : r.name.toLowerCase() === table.toLowerCase()),
    );
    if (found.length > 1)
      throw new AppError(
        "VALIDATION",
        `Several relations are named ${table}: ${found.map(qualified).join(", ")}. Name the schema too.`,
      );
    if (found[0]) return found[0];
  }
  const close = suggestions(db, table);
  const name = schema === undefined ? table : `${schema}.${table}`;
  throw new AppError(
    "NOT_FOUND",
    `No table or view named ${name}.${close.length ? ` Did you mean ${close.join(", ")}?` : ""}`,
    {
      details: { suggestions: close },
    },
  );
}

export function describeTable(db: DatabaseSchema, ref: TableRef): TableDescription {
  const rel = findRelation(db, ref);
  const referencedBy = db.relations.flatMap((other) =>
    other.foreignKeys
      .filter((fk) => fk.references.schema === rel.schema && fk.references.table === rel.name)
      .map((fk) => ({
        schema: other.schema,
        table: other.name,
        name: fk.name,
        columns: fk.columns,
        referencedColumns: fk.references.columns,
      })),
  );
  return { ...rel, referencedBy };
}

function termScore(term: string, rel: Relation, col: Column): number {
  const name = col.name.toLowerCase();
  const table = rel.name.toLowerCase();
  if (name === term) return 10;
  if (name.startsWith(term) || name.endsWith(term)) return 7;
  if (name.includes(term)) return 5;
  if (table === term) return 4;
  if (table.includes(term)) return 3;
  if ((col.comment ?? "").toLowerCase().includes(term)) return 3;
  if (term.length >= 5 && editDistance(term, name) <= Math.max(2, Math.floor(term.length / 4))) return 2; // a typo
  if ((rel.comment ?? "").toLowerCase().includes(term) || col.type.toLowerCase().includes(term)) return 1;
  return 0;
}

/**
 * Columns whose name, table, comment or type match the words of `query`, best first.
 * Columns matching more of the words come first; ties go to the stronger matches.
 */
export function findColumns(db: DatabaseSchema, query: string, opts: { limit?: number } = {}): ColumnMatch[] {
  const terms = [
    ...new Set(
      query
        .toLowerCase()
        .split(/[^\p{L}\p{N}_]+/u)
        .filter(Boolean),
    ),
  ];
  if (terms.length === 0) throw new AppError("VALIDATION", "Give at least one word to search for.");
  const matches: (ColumnMatch & { matched: number })[] = [];
  for (const rel of db.relations) {
    for (const col of rel.columns) {
      const scores = terms.map((t) => termScore(t, rel, col));
      const matched = scores.filter((s) => s > 0).length;
      if (matched === 0) continue;
      const score = scores.reduce((a, b) => a + b, 0);
      matches.push({
        schema: rel.schema,
        table: rel.name,
        column: col.name,
        type: col.type,
        comment: col.comment,
        score,
        matched,
      });
    }
  }
  return matches
    .sort(
      (a, b) =>
        b.matched - a.matched ||
        b.score - a.score ||
        qualified({ schema: a.schema, name: a.table }).localeCompare(qualified({ schema: b.schema, name: b.table })),
    )
    .slice(0, Math.max(1, opts.limit ?? 20))
    .map(({ matched: _matched, ...m }) => m);
}

export const MAX_SAMPLE_ROWS = 50;

/** A few rows of one table or view, through the same read-only path as run_query. */
export async function sampleRows(
  session: SqlSession,
  db: DatabaseSchema,
  ref: TableRef,
  opts: { limit?: number; statementTimeoutMs?: number } = {},
): Promise<QueryResult> {
  const rel = findRelation(db, ref);
  const limit = Math.min(MAX_SAMPLE_ROWS, Math.max(1, Math.floor(opts.limit ?? 10)));
  const sql = `SELECT * FROM ${quoteIdent(rel.schema)}.${quoteIdent(rel.name)}`;
  return runQuery(session, sql, { rowLimit: limit, statementTimeoutMs: opts.statementTimeoutMs });
}
