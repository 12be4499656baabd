// Connector rows as the browser sees them: no secrets, only header names and OAuth facts.
import { redactUrl } from "@/lib/url-secrets";
import {
  type AuthType,
  type ConnectorResponse,
  type DiscoveredTool,
  type TransportKind,
} from "@/lib/schemas/connectors";
import { oauthMeta, readOAuthMeta } from "@/server/connectors/oauth-tokens";
import { type StoredAuth } from "@/server/connectors/service/auth";
import { type ConnectorRecord } from "@/server/db/connectors";

/** Header names of an auth setting: not secret, shown back in the edit form. */
export function authMeta(auth: StoredAuth): Record<string, unknown> {
  switch (auth.type) {
    case "oauth":
      return oauthMeta(auth);
    case "api_key":
      return { headerNames: [auth.header] };
    case "headers":
      return { headerNames: auth.headers.map((h) => h.name) };
    default:
      return { headerNames: [] };
  }
}

export function snapshot(value: unknown): DiscoveredTool[] {
  return Array.isArray(value) ? (value as DiscoveredTool[]) : [];
}

export function toConnectorResponse(row: ConnectorRecord): ConnectorResponse {
  const meta = (row.authMeta ?? {}) as { headerNames?: unknown };
  const failing = row.failingSince !== null;
  const oauth = row.authType === "oauth" ? readOAuthMeta(row.authMeta) : null;
  return {
    id: row.id,
    name: row.name,
    // Shortened when it carries a secret: the full URL never goes back to the browser.
    url: redactUrl(row.url),
    transport: row.transport as TransportKind,
    authType: row.authType as AuthType,
    hasCredentials: row.encryptedCredentials !== null,
    authHeaderNames: Array.isArray(meta.headerNames)
      ? meta.headerNames.filter((h): h is string => typeof h === "string")
      : [],
    oauth: oauth
      ? {
          issuer: oauth.issuer,
          account: oauth.account,
          scopes: oauth.scopes,
          clientId: oauth.clientId,
          needsSignIn: row.needsSignIn,
          reason: row.needsSignIn ? oauth.reason : null,
        }
      : null,
    enabled: row.enabled,
    status: !row.enabled ? "disabled" : row.needsSignIn ? "needs_sign_in" : failing ? "failing" : "connected",
    lastTestOk: row.lastTestOk,
    lastTestCode: row.lastTestCode,
    lastTestAt: row.lastTestAt,
    failingSince: row.failingSince,
    lastError: row.lastError,
    lastOkAt: row.lastOkAt,
    consecutiveFailures: row.consecutiveFailures,
    server: row.serverName ? { name: row.serverName, version: row.serverVersion ?? "" } : null,
    toolCount: row.toolCount,
    tools: snapshot(row.toolsSnapshot).map((t) => ({ name: t.name, title: t.title, description: t.description })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Origin only: paths and query strings can carry tokens. */
export function loggableUrl(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "(invalid url)";
  }
}
