"use client";

import { Download } from "lucide-react";
import type { QueryResultContent } from "@/lib/schemas/database-schema";

/**
 * Whether a tool's structured content is a query result (run_query, sample_rows). A guard
 * rather than the Zod schema: the chat's bundle stays free of the schema library, and a
 * result shaped otherwise simply keeps its text.
 */
export function isQueryResult(value: unknown): value is QueryResultContent {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.sql === "string" &&
    Array.isArray(v.columns) &&
    Array.isArray(v.rows) &&
    typeof v.rowCount === "number" &&
    typeof v.truncated === "boolean" &&
    typeof v.rowLimit === "number" &&
    typeof v.database === "object" &&
    v.database !== null
  );
}

/** A cell as text: NULL stands out from an empty string, objects (json, arrays) as JSON. */
function cellText(value: unknown): { text: string; isNull: boolean } {
  if (value === null || value === undefined) return { text: "NULL", isNull: true };
  if (typeof value === "string") return { text: value, isNull: false };
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return { text: value.toString(), isNull: false };
  return { text: JSON.stringify(value) ?? "", isNull: false };
}

/** Export links are this app's own paths; anything else is not offered as a download. */
const ownPath = (href: string) => href.startsWith("/api/export/");

/**
 * A query's answer as the user reads it: the SQL that ran, the rows as a table with the
 * column types, whether it was cut at the row limit, and downloads of the rows.
 */
export function QueryResult({ result }: { result: QueryResultContent }) {
  const { columns, rows } = result;
  const rowWord = result.rowCount === 1 ? "row" : "rows";
  return (
    <div className="flex min-w-0 flex-col gap-2 text-sm" data-testid="query-result">
      <div>
        <div className="mb-1 text-xs text-muted">SQL that ran on {result.database.name}</div>
        <pre
          tabIndex={0}
          aria-label="SQL that ran"
          className="max-h-60 overflow-auto rounded-lg bg-subtle p-2 text-xs whitespace-pre-wrap break-words"
          data-testid="query-sql"
        >
          <code>{result.sql}</code>
        </pre>
      </div>
      {columns.length === 0 ? (
        <p className="text-muted">The statement returned no columns.</p>
      ) : (
        <div
          className="max-h-96 max-w-full overflow-auto rounded-lg border border-border"
          tabIndex={0}
          role="region"
          aria-label={`Result rows from ${result.database.name}`}
        >
          <table className="min-w-full border-collapse text-left text-xs" data-testid="query-table">
            <thead className="sticky top-0 bg-subtle">
              <tr>
                {columns.map((c, i) => (
                  <th key={i} scope="col" className="border-b border-border px-2 py-1.5 align-bottom font-semibold">
                    <span className="block whitespace-nowrap">{c.name}</span>
                    <span className="block font-normal whitespace-nowrap text-muted">{c.type}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, r) => (
                <tr key={r} className="odd:bg-surface even:bg-subtle/40">
                  {columns.map((_, i) => {
                    const cell = cellText(row[i]);
                    return (
                      <td
                        key={i}
                        className={
                          cell.isNull
                            ? "border-b border-border px-2 py-1 text-muted italic"
                            : "max-w-80 border-b border-border px-2 py-1 break-words"
                        }
                      >
                        {cell.text}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 0 && <p className="px-2 py-2 text-muted">No rows matched.</p>}
        </div>
      )}
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted">
        <span data-testid="query-row-count">
          {result.truncated
            ? `Truncated at ${result.rowLimit} rows: more rows matched than the row limit.`
            : `${result.rowCount} ${rowWord}`}
          {` · ${Math.round(result.durationMs)} ms`}
        </span>
        {result.export && ownPath(result.export.links.csv) && ownPath(result.export.links.json) && (
          <span className="flex flex-wrap gap-3">
            <a href={result.export.links.csv} download="" className="inline-flex items-center gap-1">
              <Download aria-hidden="true" className="size-3.5" />
              Download CSV
            </a>
            <a href={result.export.links.json} download="" className="inline-flex items-center gap-1">
              <Download aria-hidden="true" className="size-3.5" />
              Download JSON
            </a>
          </span>
        )}
      </div>
    </div>
  );
}
