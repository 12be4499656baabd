// Deleting a connector, and revoking an OAuth connector's sign-in with it.
import { connectorEvents } from "@/server/connectors/service/events";
import { revokeSignIn } from "@/server/connectors/service/revoke";
import { notFound } from "@/server/connectors/service/rules";
import { deleteOwnConnector, findConnector } from "@/server/db/connectors";
import { logger } from "@/server/platform/log";

export async function deleteConnector(userId: string, id: string): Promise<{ id: string }> {
  const row = await findConnector(userId, id);
  const deleted = row !== null && (await deleteOwnConnector(userId, id));
  logger().info(
    { event: "connector.delete", userId, connectorId: id, outcome: deleted ? "ok" : "not_found" },
    "connector delete",
  );
  if (!deleted) throw notFound();
  connectorEvents.emit("changed", { userId, connectorId: id, kind: "delete" });
  if (row.authType === "oauth") await revokeSignIn(row);
  return { id };
}
