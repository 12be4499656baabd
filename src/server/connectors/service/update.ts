// Editing a connector: a rename is checked for duplicates; new connection settings are
// saved only after they pass a test.
import { type ConnectorResponse, type ConnectorUpdateRequest } from "@/lib/schemas/connectors";
import { forgetAttempt } from "@/server/connectors/oauth-flow";
import { prepareAuth, storedAuth, withoutSecrets } from "@/server/connectors/service/auth";
import { connectorEvents } from "@/server/connectors/service/events";
import { toConnectorResponse } from "@/server/connectors/service/mapper";
import { revokeSignIn } from "@/server/connectors/service/revoke";
import {
  connectionFields,
  duplicateError,
  formUrl,
  notFound,
  ownConnector,
  requirePassingTest,
} from "@/server/connectors/service/rules";
import { validateMcpConnection } from "@/server/connectors/validator";
import { connectorNameTaken, findConnector, updateOwnConnector, type ConnectorChanges } from "@/server/db/connectors";
import { logger } from "@/server/platform/log";

export async function updateConnector(userId: string, input: ConnectorUpdateRequest): Promise<ConnectorResponse> {
  const started = performance.now();
  const row = await ownConnector(userId, input.id);
  const log = (outcome: string, extra: Record<string, unknown> = {}) =>
    logger().info(
      {
        event: "connector.update",
        userId,
        connectorId: row.id,
        outcome,
        durationMs: Math.round(performance.now() - started),
        ...extra,
      },
      "connector update",
    );

  const changes: ConnectorChanges = {};
  if (input.name !== undefined && input.name !== row.name) {
    if (await connectorNameTaken(userId, input.name, row.id)) {
      log("refused", { code: "DUPLICATE_NAME" });
      throw duplicateError(input.name);
    }
    changes.name = input.name;
  }
  const url = input.url === undefined ? row.url : formUrl(input.url, row);
  const connectionChanged = url !== row.url || input.auth !== undefined;
  let attemptId: string | undefined;
  if (connectionChanged) {
    const auth = await prepareAuth(userId, input.auth ?? withoutSecrets(storedAuth(row)), url, row);
    // Same rule as adding: new connection settings are saved only after a passing test.
    const test = await validateMcpConnection({ url, auth: auth.mcp, account: auth.account });
    requirePassingTest(test, log);
    // A kept OAuth sign-in may have been refreshed during the test: store what is current.
    const current = auth.unchanged ? storedAuth((await findConnector(userId, row.id)) ?? row) : auth.store;
    Object.assign(changes, {
      ...connectionFields(userId, row.id, url, current, test),
      consecutiveFailures: 0,
    } satisfies ConnectorChanges);
    attemptId = auth.attemptId;
  }
  if (Object.keys(changes).length === 0) {
    log("unchanged");
    return toConnectorResponse(row);
  }
  const outcome = await updateOwnConnector(userId, row.id, changes);
  if (!outcome.ok) {
    log("refused", { code: outcome.reason === "duplicate" ? "DUPLICATE_NAME" : "NOT_FOUND" });
    throw outcome.reason === "duplicate" ? duplicateError(input.name ?? row.name) : notFound();
  }
  if (attemptId) await forgetAttempt(userId, attemptId);
  log("ok", { fields: Object.keys(changes).filter((k) => k !== "encryptedCredentials") });
  connectorEvents.emit("changed", { userId, connectorId: row.id, kind: "update" });
  // Leaving OAuth for another kind of auth: the old sign-in is of no further use.
  if (row.authType === "oauth" && changes.authType !== undefined && changes.authType !== "oauth")
    await revokeSignIn(row);
  return toConnectorResponse(outcome.connector);
}
