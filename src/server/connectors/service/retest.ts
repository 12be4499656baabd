// "Test again": the saved settings, tested; refreshes the tool snapshot and the health.
import { type ConnectorResponse, type ConnectorTestResponse, type TransportKind } from "@/lib/schemas/connectors";
import { reportConnectorOutcome } from "@/server/connectors/health";
import { readOAuthMeta } from "@/server/connectors/oauth-tokens";
import { connectionAuth } from "@/server/connectors/service/auth";
import { connectorEvents } from "@/server/connectors/service/events";
import { toConnectorResponse } from "@/server/connectors/service/mapper";
import { ownConnector, snapshotFields } from "@/server/connectors/service/rules";
import { validateMcpConnection } from "@/server/connectors/validator";
import { updateOwnConnector } from "@/server/db/connectors";
import { logger } from "@/server/platform/log";

/** "Test again": tests the saved settings, refreshes the tool snapshot and the health. */
export async function retestConnector(
  userId: string,
  id: string,
): Promise<{ connector: ConnectorResponse; test: ConnectorTestResponse }> {
  const row = await ownConnector(userId, id);
  const test = await validateMcpConnection({
    url: row.url,
    auth: connectionAuth(row),
    transport: row.transport as TransportKind,
    account: readOAuthMeta(row.authMeta)?.account ?? undefined,
  });
  await reportConnectorOutcome(userId, id, test.ok, test.code, test.message);
  if (test.ok) {
    await updateOwnConnector(userId, id, snapshotFields(test));
    connectorEvents.emit("changed", { userId, connectorId: id, kind: "update" });
  }
  logger().info(
    {
      event: "connector.test",
      userId,
      connectorId: id,
      outcome: test.ok ? "ok" : "failed",
      code: test.code,
      durationMs: test.durationMs,
    },
    "connector retested",
  );
  return { connector: toConnectorResponse(await ownConnector(userId, id)), test };
}
