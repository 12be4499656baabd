// What the schema browser and the chat render: a database's tables and views with their
// keys (and the foreign keys as diagram edges), schema search results, and the structured
// content of the Databases tools (query results as tables).
import { z } from "zod";
import { DatabaseId } from "@/lib/schemas/databases";

export const RelationKind = z.enum(["table", "partitioned_table", "view", "materialized_view", "foreign_table"]);

const KeyConstraint = z.object({ name: z.string(), columns: z.array(z.string()) });
const TableName = z.object({ schema: z.string(), table: z.string() });

export const DatabaseColumn = z.object({
  name: z.string(),
  ordinal: z.number().int(),
  /** As PostgreSQL formats it, e.g. "numeric(10,2)". */
  type: z.string(),
  nullable: z.boolean(),
  /** Default expression, or how an identity or generated column gets its value. */
  default: z.string().nullable(),
  comment: z.string().nullable(),
});

export const DatabaseRelation = z.object({
  schema: z.string(),
  name: z.string(),
  kind: RelationKind,
  comment: z.string().nullable(),
  /** The planner's estimate; null for views and tables never analyzed. */
  rowEstimate: z.number().nullable(),
  columns: z.array(DatabaseColumn),
  primaryKey: KeyConstraint.nullable(),
  uniqueConstraints: z.array(KeyConstraint),
  foreignKeys: z.array(
    KeyConstraint.extend({
      references: z.object({ schema: z.string(), table: z.string(), columns: z.array(z.string()) }),
      onUpdate: z.string(),
      onDelete: z.string(),
    }),
  ),
  checks: z.array(z.object({ name: z.string(), definition: z.string() })),
  indexes: z.array(z.object({ name: z.string(), definition: z.string(), unique: z.boolean(), primary: z.boolean() })),
  /** The defining query of a view or materialized view. */
  definition: z.string().nullable(),
});
export type DatabaseRelation = z.infer<typeof DatabaseRelation>;

/** A foreign key as an edge of the schema diagram. */
export const ForeignKeyEdge = z.object({
  name: z.string(),
  from: TableName.extend({ columns: z.array(z.string()) }),
  to: TableName.extend({ columns: z.array(z.string()) }),
});

export const DatabaseRef = z.object({ id: z.string(), name: z.string() });

export const DatabaseSchemaResponse = z.object({
  database: DatabaseRef,
  /** When the catalog was read. */
  refreshedAt: z.date(),
  relations: z.array(DatabaseRelation),
  edges: z.array(ForeignKeyEdge),
});
export type DatabaseSchemaResponse = z.infer<typeof DatabaseSchemaResponse>;

export const TableSummary = z.object({
  schema: z.string(),
  name: z.string(),
  kind: RelationKind,
  rowEstimate: z.number().nullable(),
  columnCount: z.number().int(),
  comment: z.string().nullable(),
});

export const ColumnMatch = z.object({
  schema: z.string(),
  table: z.string(),
  column: z.string(),
  type: z.string(),
  comment: z.string().nullable(),
  score: z.number(),
});

export const DatabaseSchemaSearchRequest = z.object({
  id: DatabaseId,
  query: z.string().trim().min(1, "Enter something to search for").max(200, "Searches are at most 200 characters"),
});

export const DatabaseSchemaSearchResponse = z.object({
  database: DatabaseRef,
  /** Tables and views whose name or comment contains the words. */
  tables: z.array(TableSummary),
  /** Columns by name, table, comment or type, best first. */
  columns: z.array(ColumnMatch),
});
export type DatabaseSchemaSearchResponse = z.infer<typeof DatabaseSchemaSearchResponse>;

/** Links of a result saved for download (GET, signed-in user only). */
export const ExportLinks = z.object({
  id: z.string(),
  links: z.object({ json: z.string(), csv: z.string() }),
});

/** structured content of run_query and sample_rows: render as a table, show the SQL above it. */
export const QueryResultContent = z.object({
  database: DatabaseRef,
  /** The statement that ran. */
  sql: z.string(),
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  /** One array per row, in column order; exact numbers (bigint, numeric) are strings. */
  rows: z.array(z.array(z.unknown())),
  rowCount: z.number().int(),
  /** More rows matched than rowLimit; only the first rowLimit are here. */
  truncated: z.boolean(),
  rowLimit: z.number().int(),
  durationMs: z.number(),
  /** CSV and JSON downloads of these rows; null when saving them failed. */
  export: ExportLinks.nullable(),
});
export type QueryResultContent = z.infer<typeof QueryResultContent>;

/** structured content of explain_query. */
export const ExplainResultContent = z.object({ database: DatabaseRef, sql: z.string(), plan: z.string() });

/** structured content of list_tables, describe_table and find_columns. */
export const TablesContent = z.object({ database: DatabaseRef, tables: z.array(TableSummary) });
export const TableContent = z.object({
  database: DatabaseRef,
  table: DatabaseRelation.extend({
    referencedBy: z.array(
      TableName.extend({ name: z.string(), columns: z.array(z.string()), referencedColumns: z.array(z.string()) }),
    ),
  }),
});
export const ColumnsContent = z.object({ database: DatabaseRef, query: z.string(), matches: z.array(ColumnMatch) });

/** structured content of list_databases. */
export const DatabasesContent = z.object({
  databases: z.array(
    DatabaseRef.extend({ kind: z.enum(["postgres", "sample"]), status: z.string(), default: z.boolean() }),
  ),
});
