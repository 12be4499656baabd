// A user's connectors.
import { type ConnectorResponse } from "@/lib/schemas/connectors";
import { toConnectorResponse } from "@/server/connectors/service/mapper";
import { listConnectors } from "@/server/db/connectors";
import { logger } from "@/server/platform/log";

export async function getUserConnectors(userId: string): Promise<ConnectorResponse[]> {
  const rows = await listConnectors(userId);
  logger().info({ event: "connector.list", userId, count: rows.length, outcome: "ok" }, "connectors listed");
  return rows.map(toConnectorResponse);
}
