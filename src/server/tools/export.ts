// Export of the user's conversations and tool-call history as JSON or CSV, streamed page
// by page so a long history never sits in memory; and the agent's "export this" tool.
import type { ExportFormat, ExportKind } from "@/lib/schemas/tools";
import { messagePage, saveExportedResult } from "@/server/db/exports";
import { toolCallPage } from "@/server/db/tool-calls";
import { defineTool, type SystemAgentTool } from "@/server/tools/types";
import { z } from "zod";

const PAGE = 500;

/** One CSV field. Leading =, +, - or @ is neutralised so spreadsheets do not run it. */
export function csvField(value: unknown): string {
  let s: string;
  if (value === null || value === undefined) s = "";
  else if (value instanceof Date) s = value.toISOString();
  else if (typeof value === "object") s = JSON.stringify(value);
  else if (typeof value === "string") s = value;
  else s = JSON.stringify(value);
  // Only text can smuggle a formula; -5 stays a number.
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: unknown[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

type Row = Record<string, unknown>;

const SOURCES: Record<
  ExportKind,
  { columns: string[]; page: (userId: string, after: string | undefined) => Promise<Row[]> }
> = {
  tool_calls: {
    columns: [
      "id",
      "createdAt",
      "conversationId",
      "connectorName",
      "systemToolId",
      "toolName",
      "durationMs",
      "ok",
      "errorCode",
      "arguments",
      "result",
    ],
    page: (userId, after) => toolCallPage(userId, after, PAGE),
  },
  conversations: {
    columns: ["id", "createdAt", "conversationId", "conversationTitle", "role", "parts"],
    page: async (userId, after) =>
      (await messagePage(userId, after, PAGE)).map((m) => ({
        id: m.id,
        createdAt: m.createdAt,
        conversationId: m.conversation.id,
        conversationTitle: m.conversation.title,
        role: m.role,
        parts: m.parts,
      })),
  },
};

export function exportStream(userId: string, kind: ExportKind, format: ExportFormat): ReadableStream<Uint8Array> {
  const { columns, page } = SOURCES[kind];
  const encoder = new TextEncoder();
  let after: string | undefined;
  let first = true;
  let done = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(format === "csv" ? csvRow(columns) : "["));
    },
    // Pulled only as fast as the client reads: one page in memory at a time.
    async pull(controller) {
      if (done) return;
      const rows = await page(userId, after);
      if (rows.length === 0) {
        done = true;
        controller.enqueue(encoder.encode(format === "csv" ? "" : "]\n"));
        controller.close();
        return;
      }
      after = rows.at(-1)?.id as string;
      let chunk = "";
      for (const row of rows) {
        if (format === "csv") chunk += csvRow(columns.map((c) => row[c]));
        else {
          chunk += `${first ? "\n" : ",\n"}${JSON.stringify(row)}`;
          first = false;
        }
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
}

/** A table saved for download (a query result): column names in order, one array per row. */
export type ExportedTable = { columns: string[]; rows: unknown[][] };

// Stored as JSONB, whose objects do not keep their keys' order: a table keeps its columns'.
function isTable(content: unknown): content is ExportedTable {
  const t = content as Partial<ExportedTable> | null;
  return (
    typeof t === "object" &&
    t !== null &&
    Array.isArray(t.columns) &&
    t.columns.every((c) => typeof c === "string") &&
    Array.isArray(t.rows) &&
    t.rows.every((r) => Array.isArray(r))
  );
}

/** JSON of an exported result: a table becomes one object per row (a repeated column name gets a suffix). */
export function resultToJson(content: unknown): unknown {
  if (!isTable(content)) return content;
  const used = new Set<string>();
  const keys = content.columns.map((name) => {
    let key = name;
    for (let n = 2; used.has(key); n++) key = `${name}_${n}`;
    used.add(key);
    return key;
  });
  return content.rows.map((row) => Object.fromEntries(keys.map((k, i) => [k, row[i] ?? null])));
}

/** CSV of an exported result: a table's columns in order, rows of objects become columns; anything else one value. */
export function resultToCsv(content: unknown): string {
  if (isTable(content)) return csvRow(content.columns) + content.rows.map((r) => csvRow(r)).join("");
  const rows = Array.isArray(content) ? content : [content];
  const objects = rows.every((r) => r !== null && typeof r === "object" && !Array.isArray(r));
  if (!objects) return csvRow(["value"]) + rows.map((r) => csvRow([r])).join("");
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r as Row)))];
  return csvRow(columns) + rows.map((r) => csvRow(columns.map((c) => (r as Row)[c]))).join("");
}

export const exportTools: SystemAgentTool[] = [
  defineTool({
    name: "export_result",
    title: "Export a result",
    description:
      "Save data (for example a previous tool result) as a file the user can download as JSON or CSV. Returns the download links.",
    input: z.object({
      title: z.string().min(1).max(200),
      data: z.unknown().describe("The data to export: an array of objects exports best to CSV"),
    }),
    async run(ctx, args) {
      const id = await saveExportedResult(ctx.userId, args.title, args.data ?? null);
      const links = { json: `/api/export/results/${id}?format=json`, csv: `/api/export/results/${id}?format=csv` };
      return {
        // Markdown links: the model passes them on and the chat renders them clickable.
        text: `Exported "${args.title}". Download: [JSON](${links.json}) or [CSV](${links.csv}).`,
        structured: { id, title: args.title, links },
      };
    },
  }),
];
