// The schema of a database as the agent sees it, read from pg_catalog in four queries
// (relations, columns, constraints, indexes) inside one read-only snapshot. Only catalog
// features shared by PostgreSQL 15 and later (and PGlite) are used, and ordering is done
// here rather than by the server's collation, so both engines give the same answer.
import { AppError } from "@/lib/errors";
import { pgErrorFields } from "./errors";
import { rowObjects, type SqlQuery, type SqlSession } from "./session";
import { withReadOnlyTransaction } from "./transaction";

export type RelationKind = "table" | "partitioned_table" | "view" | "materialized_view" | "foreign_table";

export type Column = {
  name: string;
  /** 1-based position among the relation's current columns. */
  ordinal: number;
  /** format_type(), e.g. "numeric(10,2)" or "character varying(80)". */
  type: string;
  nullable: boolean;
  /** Default expression, or how an identity or generated column gets its value. */
  default: string | null;
  comment: string | null;
};

export type KeyConstraint = { name: string; columns: string[] };
export type ForeignKey = KeyConstraint & {
  references: { schema: string; table: string; columns: string[] };
  onUpdate: string;
  onDelete: string;
};
export type Index = { name: string; definition: string; unique: boolean; primary: boolean };
export type CheckConstraint = { name: string; definition: string };

export type Relation = {
  schema: string;
  name: string;
  kind: RelationKind;
  comment: string | null;
  /** The planner's estimate (pg_class.reltuples); null when never analyzed, and for views. */
  rowEstimate: number | null;
  columns: Column[];
  primaryKey: KeyConstraint | null;
  uniqueConstraints: KeyConstraint[];
  foreignKeys: ForeignKey[];
  checks: CheckConstraint[];
  indexes: Index[];
  /** The defining query of a view or materialized view. */
  definition: string | null;
};

export type DatabaseSchema = { relations: Relation[] };

const KINDS: Record<string, RelationKind> = {
  r: "table",
  p: "partitioned_table",
  v: "view",
  m: "materialized_view",
  f: "foreign_table",
};
const FK_ACTIONS: Record<string, string> = {
  a: "no action",
  r: "restrict",
  c: "cascade",
  n: "set null",
  d: "set default",
};

// Relations a user can read, outside system schemas, not partitions (their parent stands
// for them) and not objects an extension installed.
const RELATIONS = `rels AS (
  SELECT c.oid, c.relname, c.relkind, c.reltuples, n.nspname
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
    AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
    AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
    AND has_schema_privilege(n.oid, 'USAGE') AND has_any_column_privilege(c.oid, 'SELECT')
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'))`;

const RELATIONS_SQL = `WITH ${RELATIONS}
  SELECT oid::text AS oid, nspname AS schema, relname AS name, relkind::text AS kind,
         obj_description(oid, 'pg_class') AS comment, reltuples::float8::text AS reltuples,
         CASE WHEN relkind IN ('v', 'm') THEN pg_get_viewdef(oid, true) END AS definition
  FROM rels`;

const COLUMNS_SQL = `WITH ${RELATIONS}
  SELECT a.attrelid::text AS rel, a.attname AS name, a.attnum::text AS num,
         format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull::text AS not_null,
         pg_get_expr(ad.adbin, ad.adrelid) AS default_expr, a.attidentity::text AS identity,
         a.attgenerated::text AS generated, col_description(a.attrelid, a.attnum) AS comment
  FROM rels c JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid
  LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  WHERE a.attnum > 0 AND NOT a.attisdropped`;

const KEY_NAMES = (keys: string, rel: string) =>
  `array_to_json(ARRAY(SELECT a.attname FROM unnest(con.${keys}) WITH ORDINALITY k(num, ord)
     JOIN pg_catalog.pg_attribute a ON a.attrelid = con.${rel} AND a.attnum = k.num ORDER BY k.ord))::text`;

// conparentid = 0 leaves out the copies PostgreSQL makes for partitions.
const CONSTRAINTS_SQL = `WITH ${RELATIONS}
  SELECT con.conrelid::text AS rel, con.conname AS name, con.contype::text AS type,
         ${KEY_NAMES("conkey", "conrelid")} AS columns,
         fn.nspname AS ref_schema, fc.relname AS ref_table, ${KEY_NAMES("confkey", "confrelid")} AS ref_columns,
         con.confupdtype::text AS on_update, con.confdeltype::text AS on_delete,
         pg_get_constraintdef(con.oid, true) AS definition
  FROM rels c JOIN pg_catalog.pg_constraint con ON con.conrelid = c.oid
  LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
  LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
  WHERE con.contype IN ('p', 'u', 'f', 'c') AND con.conparentid = 0`;

const INDEXES_SQL = `WITH ${RELATIONS}
  SELECT i.indrelid::text AS rel, ic.relname AS name, pg_get_indexdef(i.indexrelid) AS definition,
         i.indisunique::text AS is_unique, i.indisprimary::text AS is_primary
  FROM rels c JOIN pg_catalog.pg_index i ON i.indrelid = c.oid
  JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid`;

export const INTROSPECTION_TIMEOUT_MS = 30_000;

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const names = (json: string | null) => (json ? (JSON.parse(json) as string[]) : []);

function columnDefault(r: Record<string, string | null>): string | null {
  if (r.identity === "a") return "generated always as identity";
  if (r.identity === "d") return "generated by default as identity";
  if (r.generated === "s") return `generated always as (${r.default_expr}) stored`;
  return r.default_expr ?? null;
}

async function read(query: SqlQuery): Promise<DatabaseSchema> {
  const rels = rowObjects(await query(RELATIONS_SQL));
  const byOid = new Map<string, Relation>();
  for (const r of rels) {
    const estimate = Number(r.reltuples);
    byOid.set(r.oid ?? "", {
      schema: r.schema ?? "",
      name: r.name ?? "",
      kind: KINDS[r.kind ?? ""] ?? "table",
      comment: r.comment ?? null,
      rowEstimate: r.kind === "v" || !(estimate >= 0) ? null : Math.round(estimate),
      columns: [],
      primaryKey: null,
      uniqueConstraints: [],
      foreignKeys: [],
      checks: [],
      indexes: [],
      definition: r.definition ?? null,
    });
  }
  const columns = rowObjects(await query(COLUMNS_SQL)).sort((a, b) => Number(a.num) - Number(b.num));
  for (const c of columns) {
    const rel = byOid.get(c.rel ?? "");
    rel?.columns.push({
      name: c.name ?? "",
      ordinal: rel.columns.length + 1,
      type: c.type ?? "",
      nullable: c.not_null !== "true",
      default: columnDefault(c),
      comment: c.comment ?? null,
    });
  }
  for (const c of rowObjects(await query(CONSTRAINTS_SQL))) {
    const rel = byOid.get(c.rel ?? "");
    if (!rel) continue;
    const key = { name: c.name ?? "", columns: names(c.columns ?? null) };
    if (c.type === "p") rel.primaryKey = key;
    else if (c.type === "u") rel.uniqueConstraints.push(key);
    else if (c.type === "c") rel.checks.push({ name: key.name, definition: c.definition ?? "" });
    else
      rel.foreignKeys.push({
        ...key,
        references: { schema: c.ref_schema ?? "", table: c.ref_table ?? "", columns: names(c.ref_columns ?? null) },
        onUpdate: FK_ACTIONS[c.on_update ?? ""] ?? "no action",
        onDelete: FK_ACTIONS[c.on_delete ?? ""] ?? "no action",
      });
  }
  for (const i of rowObjects(await query(INDEXES_SQL))) {
    byOid.get(i.rel ?? "")?.indexes.push({
      name: i.name ?? "",
      definition: i.definition ?? "",
      unique: i.is_unique === "true",
      primary: i.is_primary === "true",
    });
  }
  const relations = [...byOid.values()];
  for (const r of relations) {
    r.uniqueConstraints.sort(byName);
    r.foreignKeys.sort(byName);
    r.checks.sort(byName);
    r.indexes.sort(byName);
  }
  relations.sort((a, b) => (a.schema < b.schema ? -1 : a.schema > b.schema ? 1 : byName(a, b)));
  return { relations };
}

export type ServerSummary = { version: string; database: string; user: string; relationCount: number };

/** Who and where the session is, and how many relations introspection would find. */
export async function serverSummary(session: SqlSession, opts: { timeoutMs: number }): Promise<ServerSummary> {
  const res = await withReadOnlyTransaction(session, opts, (query) =>
    query(`WITH ${RELATIONS} SELECT current_setting('server_version') AS version, current_database() AS database,
           current_user AS "user", (SELECT count(*) FROM rels)::text AS relations`),
  );
  const row = rowObjects(res)[0] ?? {};
  return {
    version: row.version ?? "",
    database: row.database ?? "",
    user: row.user ?? "",
    relationCount: Number(row.relations ?? 0),
  };
}

/** Reads every table, view and materialized view the session's user can query. */
export async function introspectSchema(
  session: SqlSession,
  opts: { timeoutMs?: number } = {},
): Promise<DatabaseSchema> {
  try {
    return await withReadOnlyTransaction(
      session,
      { timeoutMs: opts.timeoutMs ?? INTROSPECTION_TIMEOUT_MS, isolation: "repeatable read" },
      read,
    );
  } catch (err) {
    const pg = pgErrorFields(err);
    if (pg?.code === "57014")
      throw new AppError("TIMEOUT", "Reading the database schema took too long.", { cause: err });
    if (pg) throw new AppError("QUERY_FAILED", `Reading the database schema failed: ${pg.message}`, { cause: err });
    throw err;
  }
}
