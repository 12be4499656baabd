// A user's databases, the sample shop first.
import type { DatabaseResponse } from "@/lib/schemas/databases";
import { sampleResponse, toDatabaseResponse } from "@/server/databases/service/mapper";
import { listDatabases } from "@/server/db/databases";
import { logger } from "@/server/platform/log";

export async function getUserDatabases(userId: string): Promise<DatabaseResponse[]> {
  const rows = await listDatabases(userId);
  const own = rows.filter((r) => r.kind === "postgres");
  logger().info({ event: "database.list", userId, count: own.length, outcome: "ok" }, "databases listed");
  return [sampleResponse(rows.find((r) => r.kind === "sample") ?? null), ...own.map(toDatabaseResponse)];
}
