// The schema browser: a database's tables and views with their keys and foreign keys,
// read again on request, and searched by name, comment or type.
import type { DatabaseSchemaResponse, DatabaseSchemaSearchResponse } from "@/lib/schemas/database-schema";
import { findColumns, listTables } from "@/server/databases/engine/tools";
import { handleOf, sampleHandle, type DatabaseHandle } from "@/server/databases/service/access";
import { toSchemaResponse } from "@/server/databases/service/mapper";
import { isSample, ownDatabase } from "@/server/databases/service/rules";
import { loadSchema } from "@/server/databases/service/snapshot";
import { findSampleSettings } from "@/server/db/databases";
import { logger } from "@/server/platform/log";

/** Any of the user's databases, enabled or not (the browser shows disabled ones too). */
async function ownHandle(userId: string, id: string): Promise<DatabaseHandle> {
  if (isSample(id)) return sampleHandle(await findSampleSettings(userId));
  return handleOf(await ownDatabase(userId, id));
}

/** The stored schema whatever its age (the browser offers "Refresh"), or read now if none. */
export async function getDatabaseSchema(userId: string, id: string): Promise<DatabaseSchemaResponse> {
  const handle = await ownHandle(userId, id);
  const loaded = await loadSchema(handle, { maxAgeMs: Number.POSITIVE_INFINITY });
  logger().info(
    { event: "database.schema", userId, databaseId: id, fromSnapshot: loaded.fromSnapshot, outcome: "ok" },
    "database schema read",
  );
  return toSchemaResponse(handle, loaded);
}

/** Reads the catalog from the server now and stores it; a failure is recorded as the last test. */
export async function refreshDatabaseSchema(userId: string, id: string): Promise<DatabaseSchemaResponse> {
  const handle = await ownHandle(userId, id);
  const started = performance.now();
  try {
    const loaded = await loadSchema(handle, { maxAgeMs: 0 });
    logger().info(
      {
        event: "database.schema_refresh",
        userId,
        databaseId: id,
        outcome: "ok",
        relationCount: loaded.schema.relations.length,
        durationMs: Math.round(performance.now() - started),
      },
      "database schema refreshed",
    );
    return toSchemaResponse(handle, loaded);
  } catch (err) {
    logger().info(
      {
        event: "database.schema_refresh",
        userId,
        databaseId: id,
        outcome: "failed",
        code: (err as { code?: unknown }).code,
      },
      "database schema refresh failed",
    );
    throw err;
  }
}

/** Tables and views whose name or comment holds the words, and the best matching columns. */
export async function searchDatabaseSchema(
  userId: string,
  input: { id: string; query: string },
): Promise<DatabaseSchemaSearchResponse> {
  const handle = await ownHandle(userId, input.id);
  const { schema } = await loadSchema(handle, { maxAgeMs: Number.POSITIVE_INFINITY });
  const words = input.query
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter(Boolean);
  const tables = listTables(schema).filter((t) => {
    const text = `${t.schema}.${t.name} ${t.comment ?? ""}`.toLowerCase();
    return words.length > 0 && words.every((w) => text.includes(w));
  });
  const columns = words.length > 0 ? findColumns(schema, input.query, { limit: 50 }) : [];
  return { database: { id: handle.id, name: handle.name }, tables, columns };
}
