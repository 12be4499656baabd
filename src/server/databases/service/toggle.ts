// Enabling and disabling a database (the sample too): a disabled one keeps its settings
// and is hidden from the agent.
import { SAMPLE_DATABASE_NAME, type DatabaseResponse } from "@/lib/schemas/databases";
import { sampleResponse, toDatabaseResponse } from "@/server/databases/service/mapper";
import { isSample, notFound } from "@/server/databases/service/rules";
import { saveSampleSettings, updateOwnDatabase } from "@/server/db/databases";
import { logger } from "@/server/platform/log";

export async function toggleDatabase(userId: string, id: string, enabled: boolean): Promise<DatabaseResponse> {
  if (isSample(id)) {
    const settings = await saveSampleSettings(userId, SAMPLE_DATABASE_NAME, enabled);
    logger().info({ event: "database.toggle", userId, databaseId: id, enabled, outcome: "ok" }, "database toggle");
    return sampleResponse(settings);
  }
  const outcome = await updateOwnDatabase(userId, id, { enabled });
  if (!outcome.ok) {
    logger().info({ event: "database.toggle", userId, databaseId: id, outcome: "not_found" }, "database toggle");
    throw notFound();
  }
  logger().info({ event: "database.toggle", userId, databaseId: id, enabled, outcome: "ok" }, "database toggle");
  return toDatabaseResponse(outcome.database);
}
