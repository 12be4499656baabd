// The Schema Query Agent's own tools: explore the schema of the user's databases and run
// read-only SQL on them. Each takes an optional `database` (name or id; default: the
// user's first enabled database, else the Sample shop) and answers with text for the model
// and structured content the chat renders (query results as tables, with downloads).
import { AppError } from "@/lib/errors";
import type { QueryResultContent } from "@/lib/schemas/database-schema";
import { MAX_SAMPLE_ROWS } from "@/server/databases/engine/tools";
import {
  agentDatabases,
  databaseColumns,
  databaseExplain,
  databaseQuery,
  databaseSample,
  databaseTable,
  databaseTables,
  type RowsOutcome,
} from "@/server/databases/service/queries";
import { saveExportedResult } from "@/server/db/exports";
import { logger } from "@/server/platform/log";
import {
  columnsText,
  databasesText,
  explainText,
  rowsText,
  tableText,
  tablesText,
} from "@/server/tools/databases/format";
import type { ExportedTable } from "@/server/tools/export";
import { defineTool, type SystemAgentTool, type ToolContext, type ToolOutput } from "@/server/tools/types";
import { z } from "zod";

const database = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .optional()
  .describe("Name or id of the database (list_databases); default: the user's first enabled database");
const table = z.string().trim().min(1).max(200).describe("Table or view name; schema.table works too");
const schema = z.string().trim().min(1).max(63).optional().describe("Schema of the table, when the name is ambiguous");
const sql = z
  .string()
  .min(1)
  .max(20_000)
  .describe("Exactly one read-only statement (SELECT, WITH, VALUES or TABLE); no semicolon-separated batches");

/** The database's own words help the model fix its SQL: where the error is and the server's hint. */
function explained(err: unknown): unknown {
  if (!(err instanceof AppError) || err.code !== "QUERY_FAILED") return err;
  const { position, hint, detail } = (err.details ?? {}) as { position?: number; hint?: string; detail?: string };
  const extra = [
    position ? `At character ${position} of the SQL.` : "",
    detail ? `Detail: ${detail}` : "",
    hint ? `Hint: ${hint}` : "",
  ].filter(Boolean);
  return extra.length ? new AppError(err.code, `${err.message} ${extra.join(" ")}`, { details: err.details }) : err;
}

/** Saves the rows for download; a failure to save costs the links, never the answer. */
async function exportRows(ctx: ToolContext, outcome: RowsOutcome, title: string) {
  try {
    const table: ExportedTable = { columns: outcome.result.columns.map((c) => c.name), rows: outcome.result.rows };
    const id = await saveExportedResult(ctx.userId, title.slice(0, 200), table);
    return {
      id,
      links: { json: `/api/export/results/${id}?format=json`, csv: `/api/export/results/${id}?format=csv` },
    };
  } catch (err) {
    logger().warn({ event: "database.export", userId: ctx.userId, outcome: "failed", err }, "result not saved");
    return null;
  }
}

async function rowsOutput(ctx: ToolContext, outcome: RowsOutcome, title: string): Promise<ToolOutput> {
  const saved = await exportRows(ctx, outcome, title);
  const { result, database: db, rowLimit } = outcome;
  const structured: QueryResultContent = {
    database: db,
    sql: result.sql,
    columns: result.columns,
    rows: result.rows,
    rowCount: result.rowCount,
    truncated: result.truncated,
    rowLimit,
    durationMs: result.durationMs,
    export: saved,
  };
  return { text: rowsText(db, result, rowLimit, saved?.links ?? null), structured };
}

export const databaseTools: SystemAgentTool[] = [
  defineTool({
    name: "list_databases",
    title: "List databases",
    description: "The user's databases the agent may query, and which one is used when none is named.",
    input: z.object({}),
    async run(ctx) {
      const databases = await agentDatabases(ctx.userId);
      return { text: databasesText(databases), structured: { databases } };
    },
  }),
  defineTool({
    name: "list_tables",
    title: "List tables",
    description:
      "Tables and views of a database with their kind, estimated row count, column count and comment. Start here.",
    input: z.object({ database, schema }),
    async run(ctx, args) {
      const { database: db, tables } = await databaseTables(ctx.userId, args.database, args.schema);
      return { text: tablesText(db, tables), structured: { database: db, tables } };
    },
  }),
  defineTool({
    name: "describe_table",
    title: "Describe a table",
    description:
      "Columns (types, nullability, defaults, comments), primary and unique keys, foreign keys both ways, indexes, checks and row estimate of one table or view. Use it before writing SQL against a table.",
    input: z.object({ database, table, schema }),
    async run(ctx, args) {
      const out = await databaseTable(ctx.userId, args.database, { table: args.table, schema: args.schema });
      return { text: tableText(out.database, out.table), structured: out };
    },
  }),
  defineTool({
    name: "find_columns",
    title: "Find columns",
    description:
      "Search column names, table names, comments and types across the whole schema, best matches first (e.g. 'customer email').",
    input: z.object({
      database,
      query: z.string().trim().min(1).max(200).describe("Words to look for"),
      limit: z.number().int().min(1).max(50).default(20),
    }),
    async run(ctx, args) {
      const out = await databaseColumns(ctx.userId, args.database, args.query, args.limit);
      return { text: columnsText(out.database, args.query, out.matches), structured: { ...out, query: args.query } };
    },
  }),
  defineTool({
    name: "sample_rows",
    title: "Sample rows",
    description: "A few rows of one table or view, to see what its values look like.",
    input: z.object({
      database,
      table,
      schema,
      limit: z.number().int().min(1).max(MAX_SAMPLE_ROWS).default(10),
    }),
    async run(ctx, args) {
      const out = await databaseSample(
        ctx.userId,
        args.database,
        { table: args.table, schema: args.schema },
        args.limit,
      );
      return rowsOutput(ctx, out, `${out.database.name}: sample of ${args.table}`);
    },
  }),
  defineTool({
    name: "run_query",
    title: "Run a read-only query",
    description:
      "Run one read-only SQL statement in a READ ONLY transaction with a statement timeout and a row limit. Returns the columns with their types and the rows; writes are refused. Show the SQL in your answer.",
    input: z.object({ database, sql }),
    async run(ctx, args) {
      try {
        const out = await databaseQuery(ctx.userId, args.database, args.sql);
        return await rowsOutput(ctx, out, `${out.database.name}: ${out.result.sql.replace(/\s+/g, " ").slice(0, 120)}`);
      } catch (err) {
        throw explained(err);
      }
    },
  }),
  defineTool({
    name: "explain_query",
    title: "Explain a query",
    description: "The planner's plan for one read-only query (EXPLAIN, nothing is executed).",
    input: z.object({ database, sql }),
    async run(ctx, args) {
      try {
        const out = await databaseExplain(ctx.userId, args.database, args.sql);
        return {
          text: explainText(out.database, out.result),
          structured: { database: out.database, sql: out.result.sql, plan: out.result.plan },
        };
      } catch (err) {
        throw explained(err);
      }
    },
  }),
];
