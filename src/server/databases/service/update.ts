// Editing a database: a rename is checked for duplicates; new connection settings are
// saved only after they pass a test, and the schema is read again for them.
import type { DatabaseResponse, DatabaseUpdateRequest } from "@/lib/schemas/databases";
import { runConnectionTest } from "@/server/databases/service/connection";
import { toDatabaseResponse } from "@/server/databases/service/mapper";
import {
  duplicateError,
  nameTaken,
  notFound,
  ownDatabase,
  requirePassingTest,
  testColumns,
} from "@/server/databases/service/rules";
import { readSchemaColumns } from "@/server/databases/service/schema-read";
import { connectionColumns, loggableTarget, resolveSettings } from "@/server/databases/service/settings";
import { updateOwnDatabase, type DatabaseChanges } from "@/server/db/databases";
import { logger } from "@/server/platform/log";

export async function updateDatabase(userId: string, input: DatabaseUpdateRequest): Promise<DatabaseResponse> {
  const started = performance.now();
  const row = await ownDatabase(userId, input.id);
  const log = (outcome: string, extra: Record<string, unknown> = {}) =>
    logger().info(
      {
        event: "database.update",
        userId,
        databaseId: row.id,
        outcome,
        durationMs: Math.round(performance.now() - started),
        ...extra,
      },
      "database update",
    );

  const changes: DatabaseChanges = {};
  if (input.name !== undefined && input.name !== row.name) {
    if (await nameTaken(userId, input.name, row.id)) {
      log("refused", { code: "DUPLICATE_NAME" });
      throw duplicateError(input.name);
    }
    changes.name = input.name;
  }
  if (input.connection) {
    // Same rule as adding: new settings are saved only after a passing test.
    const settings = resolveSettings(input.connection, row);
    const test = await runConnectionTest(settings);
    requirePassingTest(test, log);
    Object.assign(changes, {
      ...connectionColumns(userId, row.id, settings),
      ...testColumns(test),
      ...(await readSchemaColumns(userId, settings)),
    } satisfies DatabaseChanges);
    log("tested", { target: loggableTarget(settings), code: test.code });
  }
  if (Object.keys(changes).length === 0) {
    log("unchanged");
    return toDatabaseResponse(row);
  }
  const outcome = await updateOwnDatabase(userId, row.id, changes);
  if (!outcome.ok) {
    log("refused", { code: outcome.reason === "duplicate" ? "DUPLICATE_NAME" : "NOT_FOUND" });
    throw outcome.reason === "duplicate" ? duplicateError(input.name ?? row.name) : notFound();
  }
  log("ok", { fields: Object.keys(changes).filter((k) => k !== "encryptedPassword" && k !== "schemaSnapshot") });
  return toDatabaseResponse(outcome.database);
}
