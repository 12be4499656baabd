// The live connection test of a database form (saved or not); saves nothing.
import { AppError } from "@/lib/errors";
import type { DatabaseTestRequest, DatabaseTestResponse, DatabaseTestStep } from "@/lib/schemas/databases";
import type { ConnectionSettings } from "@/server/databases/engine/connection-input";
import { runConnectionTest } from "@/server/databases/service/connection";
import { ownDatabase } from "@/server/databases/service/rules";
import { loggableTarget, rawEngineInput, resolveSettings } from "@/server/databases/service/settings";
import { logger } from "@/server/platform/log";

export async function testDatabase(
  userId: string,
  input: DatabaseTestRequest,
  onStep?: (step: DatabaseTestStep) => void,
): Promise<DatabaseTestResponse> {
  const existing = input.databaseId ? await ownDatabase(userId, input.databaseId) : null;
  let settings: ConnectionSettings | undefined;
  try {
    settings = resolveSettings(input.connection, existing);
  } catch (err) {
    // An unreadable URL or host is the test's first failed step, reported like the others.
    if (!(err instanceof AppError && err.code === "INVALID_URL")) throw err;
  }
  const result = await runConnectionTest(settings ?? rawEngineInput(input.connection), onStep);
  logger().info(
    {
      event: "database.test",
      userId,
      databaseId: input.databaseId,
      target: settings ? loggableTarget(settings) : "(invalid)",
      outcome: result.ok ? "ok" : "failed",
      code: result.code,
      durationMs: result.durationMs,
      relationCount: result.relationCount,
    },
    "database connection tested",
  );
  return result;
}
