// The Databases tools' answers as text for the model: compact, unambiguous, always naming
// the database, and for queries the SQL that ran and whether rows were cut off.
import type { ExplainResult, QueryResult } from "@/server/databases/engine/query";
import type { ColumnMatch, TableDescription, TableSummary } from "@/server/databases/engine/tools";
import type { AgentDatabase, DatabaseRef } from "@/server/databases/service/queries";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const estimate = (n: number | null) => (n === null ? "" : `, ~${n} rows`);

export function databasesText(databases: AgentDatabase[]): string {
  if (databases.length === 0) return "No database is enabled. The user can add or enable one under Databases.";
  return [
    "Databases you can query (pass the name as the database argument):",
    ...databases.map(
      (d) =>
        `- ${d.name} (id ${d.id}, ${d.kind === "sample" ? "sample shop" : "PostgreSQL"}, ${d.status})${d.default ? " — default" : ""}`,
    ),
  ].join("\n");
}

export function tablesText(database: DatabaseRef, tables: TableSummary[]): string {
  if (tables.length === 0) return `Database ${database.name}: no tables or views are visible.`;
  return [
    `Database ${database.name}: ${plural(tables.length, "table or view")}.`,
    ...tables.map(
      (t) =>
        `- ${t.schema}.${t.name} (${t.kind.replace("_", " ")}${estimate(t.rowEstimate)}, ${plural(t.columnCount, "column")})${t.comment ? `: ${t.comment}` : ""}`,
    ),
  ].join("\n");
}

export function tableText(database: DatabaseRef, t: TableDescription): string {
  const lines = [
    `Database ${database.name}: ${t.kind.replace("_", " ")} ${t.schema}.${t.name}${estimate(t.rowEstimate)}${t.comment ? ` — ${t.comment}` : ""}`,
    "Columns:",
    ...t.columns.map(
      (c) =>
        `- ${c.name} ${c.type}${c.nullable ? "" : " not null"}${c.default ? ` default ${c.default}` : ""}${c.comment ? ` — ${c.comment}` : ""}`,
    ),
  ];
  if (t.primaryKey) lines.push(`Primary key: (${t.primaryKey.columns.join(", ")})`);
  for (const u of t.uniqueConstraints) lines.push(`Unique: (${u.columns.join(", ")})`);
  for (const fk of t.foreignKeys)
    lines.push(
      `Foreign key (${fk.columns.join(", ")}) → ${fk.references.schema}.${fk.references.table} (${fk.references.columns.join(", ")})`,
    );
  for (const r of t.referencedBy)
    lines.push(`Referenced by ${r.schema}.${r.table} (${r.columns.join(", ")}) → (${r.referencedColumns.join(", ")})`);
  for (const c of t.checks) lines.push(`Check ${c.name}: ${c.definition}`);
  for (const i of t.indexes) lines.push(`Index: ${i.definition}`);
  if (t.definition) lines.push(`Definition: ${t.definition.trim()}`);
  return lines.join("\n");
}

export function columnsText(database: DatabaseRef, query: string, matches: ColumnMatch[]): string {
  if (matches.length === 0) return `Database ${database.name}: no column matches "${query}".`;
  return [
    `Database ${database.name}: columns matching "${query}", best first:`,
    ...matches.map((m) => `- ${m.schema}.${m.table}.${m.column} ${m.type}${m.comment ? ` — ${m.comment}` : ""}`),
  ].join("\n");
}

export function rowsText(
  database: DatabaseRef,
  result: QueryResult,
  rowLimit: number,
  links: { json: string; csv: string } | null,
): string {
  const lines = [
    `Database ${database.name}. SQL that ran:`,
    result.sql,
    `Columns: ${result.columns.map((c) => `${c.name} (${c.type})`).join(", ") || "none"}`,
    `${plural(result.rowCount, "row")} in ${result.durationMs} ms, one JSON array per row:`,
    ...result.rows.map((r) => JSON.stringify(r)),
  ];
  if (result.truncated)
    lines.push(
      `TRUNCATED: more rows matched; only the first ${rowLimit} are shown. Say so in the answer, or aggregate or filter in SQL.`,
    );
  if (links) lines.push(`Downloads of these rows: ${links.csv} (CSV), ${links.json} (JSON).`);
  return lines.join("\n");
}

export function explainText(database: DatabaseRef, result: ExplainResult): string {
  return [`Database ${database.name}. Plan of:`, result.sql, "", result.plan].join("\n");
}
