import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import type { DatabaseRelation } from "@/lib/schemas/database-schema";

const KIND: Record<DatabaseRelation["kind"], string> = {
  table: "Table",
  partitioned_table: "Partitioned table",
  view: "View",
  materialized_view: "Materialized view",
  foreign_table: "Foreign table",
};

export const relationKey = (r: { schema: string; name: string }) => `${r.schema}.${r.name}`;

export function rowEstimateText(n: number | null): string {
  if (n === null) return "rows not estimated";
  return `about ${Math.round(n).toLocaleString("en-US")} row${n === 1 ? "" : "s"}`;
}

/** PK, FK and UQ markers of a column. */
function keysOf(r: DatabaseRelation, column: string): string[] {
  const keys: string[] = [];
  if (r.primaryKey?.columns.includes(column)) keys.push("PK");
  if (r.foreignKeys.some((f) => f.columns.includes(column))) keys.push("FK");
  if (r.uniqueConstraints.some((u) => u.columns.includes(column))) keys.push("UQ");
  return keys;
}

/** One table or view: its columns with keys, then its foreign keys, indexes and definition. */
export function RelationDetails({
  relation: r,
  highlight,
  open,
}: {
  relation: DatabaseRelation;
  highlight: Set<string>;
  open: boolean;
}) {
  const key = relationKey(r);
  return (
    <details className="group rounded-xl border border-border bg-surface" open={open} data-testid="schema-relation">
      <summary className="flex cursor-pointer flex-wrap items-center gap-x-2 gap-y-1 px-3 py-2">
        <span className="min-w-0 font-semibold break-all">{key}</span>
        <Badge tone={r.kind === "table" || r.kind === "partitioned_table" ? "neutral" : "accent"}>{KIND[r.kind]}</Badge>
        <span className="text-xs text-muted">
          {r.columns.length} column{r.columns.length === 1 ? "" : "s"} · {rowEstimateText(r.rowEstimate)}
        </span>
        {r.comment && <span className="basis-full text-sm text-muted">{r.comment}</span>}
      </summary>
      <div className="flex min-w-0 flex-col gap-3 border-t border-border px-3 py-3 text-sm">
        <div
          className="max-w-full overflow-x-auto rounded-lg border border-border"
          tabIndex={0}
          role="region"
          aria-label={`Columns of ${key}`}
        >
          <table className="min-w-full border-collapse text-left text-xs">
            <thead className="bg-subtle">
              <tr>
                <th scope="col" className="px-2 py-1.5">
                  Column
                </th>
                <th scope="col" className="px-2 py-1.5">
                  Type
                </th>
                <th scope="col" className="px-2 py-1.5">
                  Keys
                </th>
                <th scope="col" className="px-2 py-1.5">
                  Null
                </th>
                <th scope="col" className="px-2 py-1.5">
                  Default
                </th>
                <th scope="col" className="px-2 py-1.5">
                  Comment
                </th>
              </tr>
            </thead>
            <tbody>
              {r.columns.map((c) => (
                <tr
                  key={c.name}
                  className={cn("border-t border-border", highlight.has(c.name) && "bg-accent-soft")}
                  data-match={highlight.has(c.name) ? "true" : undefined}
                >
                  <th scope="row" className="px-2 py-1 font-medium whitespace-nowrap">
                    {c.name}
                  </th>
                  <td className="px-2 py-1 whitespace-nowrap">{c.type}</td>
                  <td className="px-2 py-1">{keysOf(r, c.name).join(" ")}</td>
                  <td className="px-2 py-1">{c.nullable ? "yes" : "no"}</td>
                  <td className="px-2 py-1 break-all">{c.default ?? ""}</td>
                  <td className="min-w-40 px-2 py-1">{c.comment ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {r.primaryKey && (
          <p>
            <span className="font-medium">Primary key:</span> {r.primaryKey.columns.join(", ")}
          </p>
        )}
        {r.uniqueConstraints.length > 0 && (
          <p>
            <span className="font-medium">Unique:</span>{" "}
            {r.uniqueConstraints.map((u) => u.columns.join(", ")).join("; ")}
          </p>
        )}
        {r.foreignKeys.length > 0 && (
          <div>
            <p className="font-medium">Foreign keys</p>
            <ul className="list-disc pl-5">
              {r.foreignKeys.map((f) => (
                <li key={f.name} className="break-words">
                  {f.columns.join(", ")} → {f.references.schema}.{f.references.table} ({f.references.columns.join(", ")}
                  ), on delete {f.onDelete.toLowerCase()}
                </li>
              ))}
            </ul>
          </div>
        )}
        {r.indexes.length > 0 && (
          <div>
            <p className="font-medium">Indexes</p>
            <ul className="flex flex-col gap-1">
              {r.indexes.map((i) => (
                <li key={i.name} className="text-xs break-all">
                  <code>{i.definition}</code>
                </li>
              ))}
            </ul>
          </div>
        )}
        {r.checks.length > 0 && (
          <div>
            <p className="font-medium">Checks</p>
            <ul className="flex flex-col gap-1">
              {r.checks.map((c) => (
                <li key={c.name} className="text-xs break-all">
                  <code>{c.definition}</code>
                </li>
              ))}
            </ul>
          </div>
        )}
        {r.definition && (
          <div>
            <p className="font-medium">Definition</p>
            <pre tabIndex={0} className="max-h-60 overflow-auto rounded-lg bg-subtle p-2 text-xs whitespace-pre-wrap">
              {r.definition}
            </pre>
          </div>
        )}
      </div>
    </details>
  );
}
