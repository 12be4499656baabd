// A database's schema as the tools and the schema browser read it: the sample's from the
// process's cache, a user's from the snapshot stored with the database while it is fresh,
// otherwise read from the server and stored again (when not larger than the cap).
import type { DatabaseSchema } from "@/server/databases/engine/introspect";
import { introspectSchema } from "@/server/databases/engine/introspect";
import type { SqlSession } from "@/server/databases/engine/session";
import { withSession, type DatabaseHandle } from "@/server/databases/service/access";
import { sampleSchema } from "@/server/databases/service/sample";
import { updateOwnDatabase, type DatabaseRecord } from "@/server/db/databases";

/** Larger catalogs are not stored; they are read from the server each time. */
export const SNAPSHOT_MAX_CHARS = 2_000_000;
/** The tools read the catalog again when the stored one is older than this. */
export const SNAPSHOT_MAX_AGE_MS = 5 * 60_000;

export type LoadedSchema = { schema: DatabaseSchema; readAt: Date; fromSnapshot: boolean };

/** The columns that store a freshly read schema (and say the connection worked). */
export function snapshotColumns(schema: DatabaseSchema, at = new Date()) {
  const fits = JSON.stringify(schema).length <= SNAPSHOT_MAX_CHARS;
  return {
    schemaSnapshot: fits ? schema : null,
    schemaRefreshedAt: at,
    relationCount: schema.relations.length,
  };
}

export function readSnapshot(row: DatabaseRecord | null): DatabaseSchema | null {
  const value = row?.schemaSnapshot as { relations?: unknown } | null | undefined;
  return value && Array.isArray(value.relations) ? (value as DatabaseSchema) : null;
}

/** Reads the catalog (on `session` when the caller has one open) and stores it. */
async function readLive(handle: DatabaseHandle, session?: SqlSession): Promise<LoadedSchema> {
  const schema = session ? await introspectSchema(session) : await withSession(handle, (s) => introspectSchema(s));
  const readAt = new Date();
  const row = handle.row!;
  const outcome = await updateOwnDatabase(row.userId, row.id, {
    ...snapshotColumns(schema, readAt),
    lastTestOk: true,
    lastTestCode: schema.relations.length === 0 ? "NO_TABLES" : null,
    lastTestMessage: `Read ${schema.relations.length} tables and views.`,
    lastTestAt: readAt,
  });
  if (outcome.ok) handle.row = outcome.database;
  return { schema, readAt, fromSnapshot: false };
}

/** The schema, from the stored snapshot when it is at most `maxAgeMs` old. */
export async function loadSchema(
  handle: DatabaseHandle,
  opts: { maxAgeMs?: number; session?: SqlSession } = {},
): Promise<LoadedSchema> {
  if (handle.kind === "sample") return { ...(await sampleSchema()), fromSnapshot: false };
  const stored = readSnapshot(handle.row);
  const at = handle.row?.schemaRefreshedAt;
  const maxAge = opts.maxAgeMs ?? SNAPSHOT_MAX_AGE_MS;
  if (stored && at && Date.now() - at.getTime() <= maxAge) return { schema: stored, readAt: at, fromSnapshot: true };
  return readLive(handle, opts.session);
}
