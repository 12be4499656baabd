// The live connection test of a connector form (saved or not).
import { type ConnectorTestRequest, type ConnectorTestResponse, type TestStep } from "@/lib/schemas/connectors";
import { prepareAuth } from "@/server/connectors/service/auth";
import { loggableUrl } from "@/server/connectors/service/mapper";
import { formUrl, ownConnector } from "@/server/connectors/service/rules";
import { validateMcpConnection } from "@/server/connectors/validator";
import { logger } from "@/server/platform/log";

export async function testConnector(
  userId: string,
  input: ConnectorTestRequest,
  onStep?: (step: TestStep) => void,
  signal?: AbortSignal,
): Promise<ConnectorTestResponse> {
  const existing = input.connectorId ? await ownConnector(userId, input.connectorId) : null;
  const url = formUrl(input.url, existing);
  const auth = await prepareAuth(userId, input.auth, url, existing);
  const result = await validateMcpConnection({
    url,
    auth: auth.mcp,
    onStep,
    account: auth.account,
    signal,
  });
  logger().info(
    {
      event: "connector.test",
      userId,
      origin: loggableUrl(url),
      authType: input.auth.type,
      outcome: result.ok ? "ok" : "failed",
      code: result.code,
      durationMs: result.durationMs,
      toolCount: result.tools.length,
    },
    "connection tested",
  );
  return result;
}
