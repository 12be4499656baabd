// Adding a connector: cheap refusals first, then a connection test run here, then an
// insert that holds the limit and unique names even under concurrent saves.
import { MAX_CONNECTORS_PER_USER, type ConnectorCreateRequest, type ConnectorResponse } from "@/lib/schemas/connectors";
import { forgetAttempt } from "@/server/connectors/oauth-flow";
import { prepareAuth } from "@/server/connectors/service/auth";
import { loggableUrl, toConnectorResponse } from "@/server/connectors/service/mapper";
import { connectionFields, duplicateError, limitError, requirePassingTest } from "@/server/connectors/service/rules";
import { validateMcpConnection } from "@/server/connectors/validator";
import { connectorNameTaken, countConnectors, insertConnectorWithinLimit } from "@/server/db/connectors";
import { logger } from "@/server/platform/log";
import { randomUUID } from "node:crypto";

export async function createConnector(userId: string, input: ConnectorCreateRequest): Promise<ConnectorResponse> {
  const started = performance.now();
  const log = (outcome: string, extra: Record<string, unknown> = {}) =>
    logger().info(
      {
        event: "connector.create",
        userId,
        origin: loggableUrl(input.url),
        authType: input.auth.type,
        outcome,
        durationMs: Math.round(performance.now() - started),
        ...extra,
      },
      "connector create",
    );

  // Cheap refusals first, so the user does not wait for a connection test in vain.
  if ((await countConnectors(userId)) >= MAX_CONNECTORS_PER_USER) {
    log("refused", { code: "CONNECTOR_LIMIT" });
    throw limitError();
  }
  if (await connectorNameTaken(userId, input.name)) {
    log("refused", { code: "DUPLICATE_NAME" });
    throw duplicateError(input.name);
  }

  // The browser tested these values, but only a test run here proves them.
  const auth = await prepareAuth(userId, input.auth, input.url, null);
  const test = await validateMcpConnection({ url: input.url, auth: auth.mcp, account: auth.account });
  requirePassingTest(test, log);

  const id = randomUUID();
  const { needsSignIn: _fresh, ...fields } = connectionFields(userId, id, input.url, auth.store, test);
  const outcome = await insertConnectorWithinLimit(
    { id, userId, name: input.name, ...fields },
    MAX_CONNECTORS_PER_USER,
  );
  if (!outcome.ok) {
    log("refused", { code: outcome.reason === "limit" ? "CONNECTOR_LIMIT" : "DUPLICATE_NAME" });
    throw outcome.reason === "limit" ? limitError() : duplicateError(input.name);
  }
  if (auth.attemptId) await forgetAttempt(userId, auth.attemptId);
  log("ok", { connectorId: id, code: test.code, toolCount: test.tools.length, transport: test.transport });
  return toConnectorResponse(outcome.connector);
}
