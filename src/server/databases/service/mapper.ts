// Databases as the browser sees them: settings without the password, a status, the
// sample's shared state; schemas with their foreign keys as diagram edges.
import { SAMPLE_DATABASE_ID, SAMPLE_DATABASE_NAME, type DatabaseResponse } from "@/lib/schemas/databases";
import type { DatabaseSchemaResponse } from "@/lib/schemas/database-schema";
import type { DatabaseTlsMode } from "@/lib/schemas/databases";
import type { DatabaseHandle } from "@/server/databases/service/access";
import type { LoadedSchema } from "@/server/databases/service/snapshot";
import { sampleRelationCount, sampleState } from "@/server/databases/service/sample";
import type { DatabaseRecord } from "@/server/db/databases";

export function toDatabaseResponse(row: DatabaseRecord): DatabaseResponse {
  const failing = row.lastTestOk === false;
  return {
    id: row.id,
    name: row.name,
    kind: "postgres",
    connection: {
      host: row.host ?? "",
      port: row.port ?? 5432,
      database: row.databaseName ?? "",
      user: row.username ?? "",
      tls: (row.tlsMode ?? "require") as DatabaseTlsMode,
      hasPassword: row.encryptedPassword !== null,
      hasCaCertificate: row.caCertificate !== null,
    },
    editable: true,
    enabled: row.enabled,
    status: !row.enabled ? "disabled" : failing ? "failing" : "connected",
    statusMessage: row.enabled && failing ? row.lastTestMessage : null,
    lastTestOk: row.lastTestOk,
    lastTestCode: row.lastTestCode,
    lastTestMessage: row.lastTestMessage,
    lastTestAt: row.lastTestAt,
    serverVersion: row.serverVersion,
    relationCount: row.relationCount,
    schemaRefreshedAt: row.schemaRefreshedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The sample as this user sees it: shared state, the user's own enabled setting. */
export function sampleResponse(settings: DatabaseRecord | null): DatabaseResponse {
  const state = sampleState();
  const enabled = settings?.enabled ?? true;
  return {
    id: SAMPLE_DATABASE_ID,
    name: SAMPLE_DATABASE_NAME,
    kind: "sample",
    connection: null,
    editable: false,
    enabled,
    status: !enabled ? "disabled" : state.status === "ready" ? "connected" : state.status,
    statusMessage: enabled ? state.message : null,
    lastTestOk: null,
    lastTestCode: null,
    lastTestMessage: null,
    lastTestAt: null,
    serverVersion: null,
    relationCount: sampleRelationCount(),
    schemaRefreshedAt: null,
    createdAt: settings?.createdAt ?? null,
    updatedAt: settings?.updatedAt ?? null,
  };
}

export function toSchemaResponse(handle: DatabaseHandle, loaded: LoadedSchema): DatabaseSchemaResponse {
  const { relations } = loaded.schema;
  return {
    database: { id: handle.id, name: handle.name },
    refreshedAt: loaded.readAt,
    relations,
    edges: relations.flatMap((r) =>
      r.foreignKeys.map((fk) => ({
        name: fk.name,
        from: { schema: r.schema, table: r.name, columns: fk.columns },
        to: { schema: fk.references.schema, table: fk.references.table, columns: fk.references.columns },
      })),
    ),
  };
}
