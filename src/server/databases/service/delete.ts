// Deleting a database and, with its row, its password. The sample cannot be deleted.
import { isSample, notFound, sampleRefusal } from "@/server/databases/service/rules";
import { deleteOwnDatabase } from "@/server/db/databases";
import { logger } from "@/server/platform/log";

export async function deleteDatabase(userId: string, id: string): Promise<{ id: string }> {
  if (isSample(id)) throw sampleRefusal("delete");
  const deleted = await deleteOwnDatabase(userId, id);
  logger().info(
    { event: "database.delete", userId, databaseId: id, outcome: deleted ? "ok" : "not_found" },
    "database delete",
  );
  if (!deleted) throw notFound();
  return { id };
}
