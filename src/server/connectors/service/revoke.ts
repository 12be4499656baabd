// Revoking an OAuth connector's sign-in at its authorization server (RFC 7009).
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import { type OAuthCredentials } from "@/server/connectors/oauth-tokens";
import { storedAuth } from "@/server/connectors/service/auth";
import { type ConnectorRecord } from "@/server/db/connectors";
import { revokeToken } from "@/server/oauth/client";
import { deadlineSignal } from "@/server/platform/deadline";
import { logger } from "@/server/platform/log";
import { configuredPolicy } from "@/server/platform/outbound";

/** After deleting an OAuth connector: its refresh token should stop working at the server too. */
export async function revokeSignIn(row: ConnectorRecord): Promise<void> {
  try {
    const creds = storedAuth(row) as OAuthCredentials;
    const token = creds.tokens.refreshToken ?? creds.tokens.accessToken;
    const net = {
      policy: configuredPolicy(),
      signal: deadlineSignal(Math.min(env().MCP_TEST_TIMEOUT_MS, 5_000)),
    };
    const revoked = await revokeToken(creds.authServer, creds.client, token, net);
    logger().info(
      { event: "connector.revoke", userId: row.userId, connectorId: row.id, outcome: revoked ? "ok" : "not_revoked" },
      "connector sign-in revoked",
    );
  } catch (err) {
    const code = err instanceof AppError ? err.code : "INTERNAL";
    logger().warn(
      { event: "connector.revoke", userId: row.userId, connectorId: row.id, outcome: "failed", code },
      "connector sign-in not revoked",
    );
  }
}
