"use client";

import { FileText } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import type { ToolCallOutcome, ToolProgress } from "@/lib/schemas/agent";
import { api, isApiError } from "@/trpc/react";

const MAX_ROWS = 200;
const MAX_DEPTH = 6;

type Scalar = string | number | boolean | null;
const isScalar = (v: unknown): v is Scalar => v === null || ["string", "number", "boolean"].includes(typeof v);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function scalarText(v: Scalar): string {
  return v === null ? "null" : String(v);
}

/** Rows of objects with scalar values: the shape a table shows best. */
function tableOf(value: unknown): { columns: string[]; rows: Record<string, unknown>[] } | null {
  const rows = Array.isArray(value)
    ? value
    : isRecord(value)
      ? Object.values(value).length === 1 && Array.isArray(Object.values(value)[0])
        ? (Object.values(value)[0] as unknown[])
        : null
      : null;
  if (!rows || rows.length === 0 || !rows.every((r) => isRecord(r) && Object.values(r).every(isScalar))) return null;
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r as object)))].slice(0, 20);
  return { columns, rows: rows.slice(0, MAX_ROWS) as Record<string, unknown>[] };
}

function Tree({ value, depth = 0 }: { value: unknown; depth?: number }) {
  if (isScalar(value)) return <span className="break-words">{scalarText(value)}</span>;
  if (depth >= MAX_DEPTH) return <span className="text-muted">…</span>;
  const entries: (readonly [string, unknown])[] = Array.isArray(value)
    ? (value as unknown[]).slice(0, MAX_ROWS).map((v, i) => [String(i), v] as const)
    : Object.entries(value as Record<string, unknown>).slice(0, MAX_ROWS);
  if (entries.length === 0) return <span className="text-muted">{Array.isArray(value) ? "[ ]" : "{ }"}</span>;
  return (
    <ul className="flex flex-col gap-0.5 border-l border-border pl-3">
      {entries.map(([k, v]) => (
        <li key={k} className="min-w-0">
          <span className="font-medium">{k}</span>
          {isScalar(v) ? (
            <>
              : <Tree value={v} depth={depth + 1} />
            </>
          ) : (
            <Tree value={v} depth={depth + 1} />
          )}
        </li>
      ))}
    </ul>
  );
}

/** A tool's structured result: a table when it is a list of records, a tree otherwise. */
export function StructuredView({ value, error }: { value: unknown; error?: string }) {
  const table = tableOf(value);
  return (
    <div className="flex min-w-0 flex-col gap-1" data-testid="tool-structured">
      <div className="text-xs text-muted">Structured result</div>
      {error && (
        <Callout tone="warn" role="status" data-testid="structured-mismatch">
          {error}
        </Callout>
      )}
      {value === undefined ? null : table ? (
        <div className="max-h-80 overflow-auto rounded-lg border border-border" tabIndex={0}>
          <table className="w-full text-left text-xs">
            <thead className="bg-subtle">
              <tr>
                {table.columns.map((c) => (
                  <th key={c} scope="col" className="px-2 py-1 font-medium">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r, i) => (
                <tr key={i} className="border-t border-border">
                  {table.columns.map((c) => (
                    <td key={c} className="px-2 py-1 break-words">
                      {r[c] === undefined ? "" : scalarText(r[c] as Scalar)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="max-h-80 overflow-auto rounded-lg bg-subtle p-2 text-xs" tabIndex={0}>
          <Tree value={value} />
        </div>
      )}
    </div>
  );
}

/** The server's latest progress report while the call runs. */
export function ProgressLine({ progress: p }: { progress: ToolProgress }) {
  const pct = p.total && p.total > 0 ? Math.min(100, Math.round((p.progress / p.total) * 100)) : null;
  const text = `${p.message ? `${p.message} ` : ""}(${p.total ? `${p.progress} of ${p.total}` : p.progress})`;
  return (
    <div className="flex min-w-0 flex-col gap-1" data-testid="tool-progress">
      {pct !== null && (
        <div
          role="progressbar"
          aria-label="Tool progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={pct}
          className="h-1.5 w-full overflow-hidden rounded-full bg-subtle"
        >
          <div className="h-full bg-accent transition-[width]" style={{ width: `${pct}%` }} />
        </div>
      )}
      <p className="text-xs break-words text-muted" aria-live="polite">
        {text}
      </p>
    </div>
  );
}

type Link = NonNullable<ToolCallOutcome["links"]>[number];

/** What is shown for binary content that is not an image the browser may show. */
function binaryNote(c: { size: number; mimeType?: string }): string {
  return `Binary content (${Math.round(c.size / 1024)} KB${c.mimeType ? `, ${c.mimeType}` : ""}), not shown.`;
}

function ResourceLink({ link, connectorId }: { link: Link; connectorId: string }) {
  const read = api.mcp.readResource.useMutation();
  const [open, setOpen] = useState(false);
  function toggle() {
    setOpen(!open);
    if (!open && !read.data && !read.isPending) read.mutate({ connectorId, uri: link.uri });
  }
  return (
    <li className="flex min-w-0 flex-col gap-1">
      <Button size="sm" variant="ghost" className="self-start" aria-expanded={open} onClick={toggle}>
        <FileText aria-hidden="true" className="size-4" />
        <span className="min-w-0 truncate">{link.name}</span>
      </Button>
      {link.description && <p className="text-xs text-muted">{link.description}</p>}
      {open && (
        <div className="flex min-w-0 flex-col gap-1" data-testid="resource-content">
          {read.isPending && <p className="text-xs text-muted">Reading…</p>}
          {read.error && (
            <Callout tone="danger" role="alert">
              {isApiError(read.error) ? read.error.message : "The resource could not be read."}
            </Callout>
          )}
          {read.data?.map((c, i) =>
            c.text !== undefined ? (
              <div key={i} className="flex min-w-0 flex-col gap-1">
                <pre
                  tabIndex={0}
                  className="max-h-60 overflow-auto rounded-lg bg-subtle p-2 text-xs break-words whitespace-pre-wrap"
                >
                  {c.text}
                </pre>
                {c.truncated && (
                  <p className="text-xs text-muted">
                    Cut to its first {c.text.length.toLocaleString("en")} characters.
                  </p>
                )}
              </div>
            ) : c.image !== undefined && c.mimeType ? (
              <img
                key={i}
                src={`data:${c.mimeType};base64,${c.image}`}
                alt={link.name}
                className="max-h-60 max-w-full rounded-lg border border-border object-contain"
              />
            ) : (
              <p key={i} className="text-xs text-muted">
                {binaryNote(c)}
              </p>
            ),
          )}
        </div>
      )}
    </li>
  );
}

/** Resources the result links to, read through the connector when opened. */
export function ResourceLinks({ links, connectorId }: { links: Link[]; connectorId: string }) {
  return (
    <div className="flex min-w-0 flex-col gap-1" data-testid="tool-links">
      <div className="text-xs text-muted">Linked resources</div>
      <ul className="flex flex-col gap-1">
        {links.map((l) => (
          <ResourceLink key={l.uri} link={l} connectorId={connectorId} />
        ))}
      </ul>
    </div>
  );
}

export function AudioClips({ clips, label }: { clips: NonNullable<ToolCallOutcome["audio"]>; label: string }) {
  return (
    <div className="flex flex-col gap-2">
      {clips.map((a, i) => (
        // Data URLs only, of formats browsers play and within a size cap (the server checks).
        <audio
          key={i}
          controls
          src={`data:${a.mimeType};base64,${a.data}`}
          aria-label={`Audio ${i + 1} returned by ${label}`}
          className="w-full max-w-md"
          data-testid="tool-audio"
        />
      ))}
    </div>
  );
}
