// An OAuth connector's tokens: read from the database on every use (another app instance
// may have refreshed them), refreshed a minute before expiry or when the server refuses
// them, one refresh at a time per connector: in this process through a shared promise,
// across processes through a lease on the connector's row. A refresh token the server no
// longer accepts, or a server asking for more scopes, marks the connector "needs
// sign-in" and keeps every other setting.
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import type { TokenSource } from "@/server/connectors/mcp-client";
import type { ConnectorRecord } from "@/server/db/connectors";
import { findConnector, updateOwnConnector } from "@/server/db/connectors";
import { claimRefreshLease, releaseRefreshLease } from "@/server/db/refresh-lease";
import type { TokenSet } from "@/server/oauth/client";
import type { AuthServerMetadata, ResourceMetadata } from "@/server/oauth/discovery";
import { refreshTokens, type ClientChoice } from "@/server/oauth/provider";
import { singleFlight } from "@/server/oauth/single-flight";
import { connectorBinding } from "@/server/platform/bindings";
import { deadlineSignal } from "@/server/platform/deadline";
import { decryptCredentials, encryptCredentials } from "@/server/platform/encryption";
import { logger } from "@/server/platform/log";
import { configuredPolicy } from "@/server/platform/outbound";

export type { OAuthClientSource } from "@/server/oauth/provider";

/** What an OAuth connector stores, encrypted like any other credentials. */
export type OAuthCredentials = {
  type: "oauth";
  /** The resource indicator (RFC 8707) the tokens are for, and its metadata document. */
  resource: string;
  resourceMetadata: ResourceMetadata;
  authServer: AuthServerMetadata;
  client: ClientChoice;
  scopes: string[];
  tokens: TokenSet;
};

/** Non-secret facts about an OAuth connector, kept in `authMeta` for the list and forms. */
export type OAuthMeta = {
  headerNames: string[];
  issuer: string;
  account: string | null;
  scopes: string[];
  clientId: string | null;
  reason: string | null;
};

export const EXPIRY_SKEW_MS = 60_000;
const LEASE_MS = 20_000;
const POLL_MS = 100;

export function oauthMeta(creds: OAuthCredentials, reason: string | null = null): OAuthMeta {
  return {
    headerNames: [],
    issuer: creds.authServer.issuer,
    account: creds.tokens.account ?? null,
    scopes: creds.scopes,
    clientId: creds.client.source === "entered" ? creds.client.clientId : null,
    reason,
  };
}

export function readOAuthMeta(value: unknown): OAuthMeta | null {
  const m = (value ?? {}) as Partial<OAuthMeta>;
  if (typeof m.issuer !== "string") return null;
  return {
    headerNames: [],
    issuer: m.issuer,
    account: typeof m.account === "string" ? m.account : null,
    scopes: Array.isArray(m.scopes) ? m.scopes.filter((s): s is string => typeof s === "string") : [],
    clientId: typeof m.clientId === "string" ? m.clientId : null,
    reason: typeof m.reason === "string" ? m.reason : null,
  };
}

export function reauthRequired(message: string): AppError {
  return new AppError("OAUTH_REAUTH_REQUIRED", message);
}

export function unionScopes(...lists: (string[] | string | undefined | null)[]): string[] {
  const out = new Set<string>();
  for (const l of lists)
    for (const s of typeof l === "string" ? l.split(" ") : (l ?? [])) if (s.trim()) out.add(s.trim());
  return [...out];
}

function fresh(tokens: TokenSet): boolean {
  return tokens.expiresAt - EXPIRY_SKEW_MS > Date.now();
}

/** Tokens straight from a sign-in that is not saved yet (the connection test before saving). */
export function staticTokenSource(creds: OAuthCredentials): TokenSource {
  return {
    token: () => Promise.resolve(creds.tokens.accessToken),
    refreshed: () => Promise.reject(reauthRequired("The server did not accept the new sign-in. Sign in again.")),
    insufficientScope: (scopes) =>
      Promise.reject(
        reauthRequired(`The server needs more permissions (${scopes.join(" ") || "unspecified"}). Sign in again.`),
      ),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Loaded = { row: ConnectorRecord; creds: OAuthCredentials };

async function load(userId: string, id: string): Promise<Loaded> {
  const row = await findConnector(userId, id);
  if (!row || row.authType !== "oauth" || !row.encryptedCredentials)
    throw new AppError("NOT_FOUND", "Connector not found.");
  if (row.needsSignIn)
    throw reauthRequired(readOAuthMeta(row.authMeta)?.reason ?? "This connector needs you to sign in again.");
  return { row, creds: decryptCredentials<OAuthCredentials>(row.encryptedCredentials, connectorBinding(userId, id)) };
}

/**
 * Refreshes under the connector's lease: what keeps app instances that share only the
 * database from refreshing together. Whoever does not get the lease waits for it to be
 * released and uses the token the holder stored.
 */
export async function refreshUnderLease(userId: string, id: string, stale: string): Promise<string> {
  const giveUpAt = Date.now() + LEASE_MS;
  for (;;) {
    const { creds } = await load(userId, id);
    if (creds.tokens.accessToken !== stale && fresh(creds.tokens)) return creds.tokens.accessToken;
    if (await claimRefreshLease(userId, id, LEASE_MS)) {
      let current: Loaded;
      try {
        // Another instance may have finished between our read and our claim.
        current = await load(userId, id);
      } catch (err) {
        await releaseRefreshLease(userId, id, null);
        throw err;
      }
      if (current.creds.tokens.accessToken !== stale && fresh(current.creds.tokens)) {
        await releaseRefreshLease(userId, id, null);
        return current.creds.tokens.accessToken;
      }
      return refreshHoldingLease(userId, current);
    }
    if (Date.now() > giveUpAt) throw new AppError("TIMEOUT", "Refreshing the sign-in took too long. Try again.");
    await sleep(POLL_MS);
  }
}

async function refreshHoldingLease(userId: string, { row, creds }: Loaded): Promise<string> {
  const started = performance.now();
  const log = (outcome: string, code?: string) =>
    logger().info(
      {
        event: "connector.token_refresh",
        userId,
        connectorId: row.id,
        outcome,
        code,
        durationMs: Math.round(performance.now() - started),
      },
      "connector token refresh",
    );
  try {
    const discovered = { resource: creds.resourceMetadata, authServer: creds.authServer };
    const tokens = await refreshTokens(row.url, discovered, {
      client: creds.client,
      tokens: creds.tokens,
      policy: configuredPolicy(),
      signal: deadlineSignal(Math.min(env().MCP_TEST_TIMEOUT_MS, LEASE_MS - 2_000)),
    });
    const enc = encryptCredentials({ ...creds, tokens } satisfies OAuthCredentials, connectorBinding(userId, row.id));
    await releaseRefreshLease(userId, row.id, { encryptedCredentials: enc.ciphertext, keyVersion: enc.keyVersion });
    log("ok");
    return tokens.accessToken;
  } catch (err) {
    if (err instanceof AppError && err.code === "OAUTH_REAUTH_REQUIRED") {
      const reason = "The server no longer accepts this sign-in (it was revoked or expired). Sign in again.";
      await releaseRefreshLease(userId, row.id, {
        needsSignIn: true,
        authMeta: { ...oauthMeta(creds), account: readOAuthMeta(row.authMeta)?.account ?? null, reason },
      });
      log("needs_sign_in", "OAUTH_REAUTH_REQUIRED");
      throw reauthRequired(reason);
    }
    await releaseRefreshLease(userId, row.id, null);
    log("failed", err instanceof AppError ? err.code : "INTERNAL");
    throw err;
  }
}

/** One refresh per connector in this process; the lease covers the other processes. */
export function refreshConnectorToken(userId: string, id: string, stale: string): Promise<string> {
  return singleFlight(`connector:${userId}:${id}`, () => refreshUnderLease(userId, id, stale));
}

/** The token source of a saved OAuth connector. */
export function connectorTokenSource(userId: string, id: string): TokenSource {
  return {
    async token() {
      const { creds } = await load(userId, id);
      return fresh(creds.tokens)
        ? creds.tokens.accessToken
        : refreshConnectorToken(userId, id, creds.tokens.accessToken);
    },
    refreshed: (stale) => refreshConnectorToken(userId, id, stale),
    async insufficientScope(required) {
      const { row, creds } = await load(userId, id);
      const scopes = unionScopes(creds.scopes, creds.tokens.scope, required);
      const reason = `The server needs more permissions${required.length ? ` (${required.join(" ")})` : ""}. Sign in again to grant them.`;
      const previous = readOAuthMeta(row.authMeta);
      await updateOwnConnector(userId, id, {
        needsSignIn: true,
        authMeta: { ...oauthMeta(creds, reason), account: previous?.account ?? creds.tokens.account ?? null, scopes },
      });
      logger().info(
        { event: "connector.needs_sign_in", userId, connectorId: id, code: "insufficient_scope" },
        "connector needs more scopes",
      );
      throw reauthRequired(reason);
    },
  };
}
