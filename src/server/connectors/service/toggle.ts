// Enabling and disabling a connector.
import { type ConnectorResponse } from "@/lib/schemas/connectors";
import { connectorEvents } from "@/server/connectors/service/events";
import { toConnectorResponse } from "@/server/connectors/service/mapper";
import { notFound } from "@/server/connectors/service/rules";
import { updateOwnConnector } from "@/server/db/connectors";
import { logger } from "@/server/platform/log";

export async function toggleConnector(userId: string, id: string, enabled: boolean): Promise<ConnectorResponse> {
  const outcome = await updateOwnConnector(userId, id, { enabled });
  if (!outcome.ok) {
    logger().info({ event: "connector.toggle", userId, connectorId: id, outcome: "not_found" }, "connector toggle");
    throw notFound();
  }
  logger().info({ event: "connector.toggle", userId, connectorId: id, enabled, outcome: "ok" }, "connector toggle");
  connectorEvents.emit("changed", { userId, connectorId: id, kind: "toggle" });
  return toConnectorResponse(outcome.connector);
}
