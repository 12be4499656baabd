// Adding a database: cheap refusals first, then a connection test run here, then its
// schema read, then an insert that holds the limit and unique names under concurrent saves.
import { randomUUID } from "node:crypto";
import { MAX_DATABASES_PER_USER, type DatabaseCreateRequest, type DatabaseResponse } from "@/lib/schemas/databases";
import { runConnectionTest } from "@/server/databases/service/connection";
import { toDatabaseResponse } from "@/server/databases/service/mapper";
import {
  duplicateError,
  limitError,
  nameTaken,
  requirePassingTest,
  testColumns,
} from "@/server/databases/service/rules";
import { readSchemaColumns } from "@/server/databases/service/schema-read";
import { connectionColumns, loggableTarget, resolveSettings } from "@/server/databases/service/settings";
import { countDatabases, insertDatabaseWithinLimit } from "@/server/db/databases";
import { logger } from "@/server/platform/log";

export async function createDatabase(userId: string, input: DatabaseCreateRequest): Promise<DatabaseResponse> {
  const started = performance.now();
  let target = "(invalid)";
  const log = (outcome: string, extra: Record<string, unknown> = {}) =>
    logger().info(
      {
        event: "database.create",
        userId,
        target,
        outcome,
        durationMs: Math.round(performance.now() - started),
        ...extra,
      },
      "database create",
    );

  // Cheap refusals first, so the user does not wait for a connection test in vain.
  if ((await countDatabases(userId)) >= MAX_DATABASES_PER_USER) {
    log("refused", { code: "DATABASE_LIMIT" });
    throw limitError();
  }
  if (await nameTaken(userId, input.name)) {
    log("refused", { code: "DUPLICATE_NAME" });
    throw duplicateError(input.name);
  }

  // The browser tested these values, but only a test run here proves them.
  const settings = resolveSettings(input.connection, null);
  target = loggableTarget(settings);
  const test = await runConnectionTest(settings);
  requirePassingTest(test, log);

  const id = randomUUID();
  const outcome = await insertDatabaseWithinLimit(
    {
      id,
      userId,
      name: input.name,
      ...connectionColumns(userId, id, settings),
      ...testColumns(test),
      ...(await readSchemaColumns(userId, settings)),
    },
    MAX_DATABASES_PER_USER,
  );
  if (!outcome.ok) {
    log("refused", { code: outcome.reason === "limit" ? "DATABASE_LIMIT" : "DUPLICATE_NAME" });
    throw outcome.reason === "limit" ? limitError() : duplicateError(input.name);
  }
  log("ok", { databaseId: id, code: test.code, relationCount: test.relationCount });
  return toDatabaseResponse(outcome.database);
}
