// Signing a connector in with OAuth: discovery, the client identity (entered by the user,
// configured by the administrator, this app's Client ID Metadata Document, or dynamic
// registration kept per authorization server), the authorization request for the popup,
// and the callback that turns the code into encrypted tokens.
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import { redactUrl } from "@/lib/url-secrets";
import type { OAuthStartRequest, OAuthStartResponse } from "@/lib/schemas/connectors";
import {
  oauthMeta,
  readOAuthMeta,
  unionScopes,
  type OAuthClientSource,
  type OAuthCredentials,
} from "@/server/connectors/oauth-tokens";
import { findConnector, updateOwnConnector } from "@/server/db/connectors";
import { checkCallback } from "@/server/oauth/client";
import { chooseClient, keepRegisteredClient } from "@/server/oauth/clients";
import { discoverOAuth, parseWwwAuthenticate } from "@/server/oauth/discovery";
import {
  beginAuthorization,
  clientMetadataUrl,
  connectorRedirectUri,
  finishAuthorization,
  issuerRedirectUri,
  type ClientChoice,
} from "@/server/oauth/provider";
import type { AuthServerMetadata } from "@/server/oauth/discovery";
import {
  attemptSecret,
  claimAttempt,
  completedAttempt,
  finishAttempt,
  forgetAttempt as forgetStoredAttempt,
  newState,
  startAttempt,
} from "@/server/oauth/states";
import { connectorBinding } from "@/server/platform/bindings";
import { deadlineSignal } from "@/server/platform/deadline";
import { decryptCredentials, encryptCredentials } from "@/server/platform/encryption";
import { logger } from "@/server/platform/log";
import { checkUrl, configuredPolicy, createSafeFetch, type OutboundPolicy } from "@/server/platform/outbound";

export const CONNECTOR_OAUTH_PURPOSE = "connector:oauth";

type AttemptContext = {
  url: string;
  resource: string;
  issuer: string;
  scopes: string[];
  connectorId: string | null;
  clientSource: OAuthClientSource;
};
/** An attempt's secret half: before the callback without tokens, after it with them. */
type AttemptSecret = Omit<OAuthCredentials, "tokens"> & { tokens?: OAuthCredentials["tokens"] };

/** The same address once parsed (a bare origin and the origin with "/" are one URL). */
export function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

/**
 * The connector's unauthenticated answer: a 401 carries the challenge that starts
 * discovery; a successful answer means the server needs no sign-in at all.
 */
async function probeChallenge(
  url: URL,
  net: { policy: OutboundPolicy; signal: AbortSignal },
): Promise<{ challenge: string | null; open: boolean }> {
  try {
    const fetch = createSafeFetch({ policy: net.policy, signal: net.signal, maxBodyBytes: 64 * 1024 });
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 0,
        method: "initialize",
        params: {
          protocolVersion: "2025-06-18",
          capabilities: {},
          clientInfo: { name: "connectors", version: "0.1.0" },
        },
      }),
    });
    await res.body?.cancel();
    return {
      challenge: res.status === 401 ? res.headers.get("www-authenticate") : null,
      open: res.status >= 200 && res.status < 300,
    };
  } catch (err) {
    if (err instanceof AppError && err.code === "URL_NOT_ALLOWED") throw err;
    return { challenge: null, open: false }; // discovery still tries the well-known paths
  }
}

/** Discovers, picks the client and scopes, and prepares the popup's authorization URL. */
export async function startConnectorOAuth(userId: string, input: OAuthStartRequest): Promise<OAuthStartResponse> {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw new AppError("INVALID_URL", "This is not a valid URL.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new AppError("INVALID_URL", `Only http:// and https:// URLs are supported, not ${url.protocol}//.`);
  const net = { policy: configuredPolicy(), signal: deadlineSignal(env().MCP_TEST_TIMEOUT_MS) };
  checkUrl(url, net.policy);

  // Signing in again keeps the connector's client and asks for every scope it needed.
  let previous: OAuthCredentials | null = null;
  let neededScopes: string[] = [];
  if (input.connectorId) {
    const row = await findConnector(userId, input.connectorId);
    if (!row) throw new AppError("NOT_FOUND", "Connector not found.");
    // The callback writes straight to the connector: only its own sign-in may be renewed.
    // Switching to OAuth or to another URL goes through the edit form and its test.
    if (row.authType !== "oauth" || !row.encryptedCredentials) {
      throw new AppError("VALIDATION", "This connector does not use OAuth sign-in. Edit it to switch to OAuth.");
    }
    // The form shows a URL that carries a secret shortened: that form means the saved URL.
    const shown = redactUrl(row.url);
    if (shown !== row.url && input.url.trim() === shown) url = new URL(row.url);
    if (!sameUrl(row.url, url.href))
      throw new AppError(
        "VALIDATION",
        "Signing in again is for the connector's saved URL. Edit the connector to change it.",
      );
    previous = decryptCredentials<OAuthCredentials>(row.encryptedCredentials, connectorBinding(userId, row.id));
    neededScopes = readOAuthMeta(row.authMeta)?.scopes ?? [];
  }

  const { challenge, open } = await probeChallenge(url, net);
  const discovery = await discoverOAuth(url, { wwwAuthenticate: challenge, ...net }).catch((err: unknown) => {
    // A server that answered without sign-in and publishes no metadata needs none: say so
    // rather than "publishes no metadata". One that lets anyone initialize but publishes
    // metadata (sign-in for tools, step-up) is signed in as usual.
    if (open && err instanceof AppError && err.code === "OAUTH_DISCOVERY_FAILED")
      throw new AppError("OAUTH_DISCOVERY_FAILED", "This server does not ask for sign-in: choose None.", {
        details: { ...err.details, signInNotNeeded: true },
      });
    throw err;
  });
  const as = discovery.authServer;
  const entered = input.clientId
    ? { clientId: input.clientId, ...(input.clientSecret ? { clientSecret: input.clientSecret } : {}) }
    : undefined;
  const samePreviousServer = previous && previous.authServer.issuer === as.issuer ? previous : null;
  const ownRedirectUri = issuerRedirectUri(as.issuer);
  const chosen = await chooseClient(as, ownRedirectUri, { entered, previous: samePreviousServer?.client });
  const redirectUri = registeredByUs(chosen, as) ? ownRedirectUri : connectorRedirectUri();
  const challenged = parseWwwAuthenticate(challenge).scope;
  const scopes = unionScopes(
    neededScopes,
    samePreviousServer?.scopes,
    challenged ?? (neededScopes.length ? undefined : discovery.resource.scopes_supported),
  );
  const resource = discovery.resource.resource;
  const state = newState();
  const request = await beginAuthorization(url.href, discovery, {
    client: chosen,
    scopes,
    state,
    redirectUri,
    onRegistered: (c) => keepRegisteredClient(as.issuer, redirectUri, c),
    ...net,
  });
  const client = request.client;

  const context: AttemptContext = {
    url: url.href,
    resource,
    issuer: as.issuer,
    scopes,
    connectorId: input.connectorId ?? null,
    clientSource: client.source,
  };
  const secret: AttemptSecret = {
    type: "oauth",
    resource,
    resourceMetadata: discovery.resource,
    authServer: as,
    client,
    scopes,
  };
  await startAttempt({
    state,
    userId,
    purpose: CONNECTOR_OAUTH_PURPOSE,
    codeVerifier: request.verifier,
    redirectUri,
    context,
    secret,
  });
  logger().info(
    {
      event: "connector.oauth_start",
      userId,
      connectorId: context.connectorId ?? undefined,
      issuer: as.issuer,
      clientSource: client.source,
      scopes: scopes.length,
    },
    "oauth sign-in started",
  );
  return {
    attemptId: state,
    authorizeUrl: request.url,
    issuer: as.issuer,
    scopes,
    clientSource: client.source,
    steps: discovery.steps,
  };
}

export type CallbackOutcome = { attemptId: string; connectorId: string | null; account: string | null };

/**
 * Whether the client is (or will be) one the app registers at this server itself: such a
 * client lists only its issuer's callback address. Others were registered with the shared
 * address (see connectorRedirectUri).
 */
function registeredByUs(chosen: ClientChoice | undefined, as: AuthServerMetadata): boolean {
  if (chosen) return chosen.source === "registered";
  return !(clientMetadataUrl() && as.client_id_metadata_document_supported === true);
}

/**
 * The popup's callback, which arrived at `callbackPath`: checks that this is the address
 * the sign-in's server was given, state and issuer, exchanges the code, stores the tokens.
 */
export async function completeConnectorOAuth(
  userId: string,
  params: URLSearchParams,
  callbackPath: string,
): Promise<CallbackOutcome> {
  const state = params.get("state") ?? "";
  const attempt = await claimAttempt<AttemptContext>(userId, state, CONNECTOR_OAUTH_PURPOSE);
  const pending = attempt ? attemptSecret<AttemptSecret>(attempt) : null;
  if (!attempt || !pending)
    throw new AppError(
      "OAUTH_FAILED",
      "This sign-in answer does not match a sign-in you started (unknown, expired or already used state). Start again.",
    );
  const context = attempt.context;
  const as = pending.authServer;
  if (new URL(attempt.redirectUri).pathname !== callbackPath)
    throw new AppError(
      "OAUTH_FAILED",
      "The sign-in answer arrived at the address of another authorization server than the one you signed in at. Start again.",
    );
  const code = checkCallback(params, {
    state: attempt.state,
    issuer: as.issuer,
    issRequired: as.authorization_response_iss_parameter_supported === true,
  });
  const net = { policy: configuredPolicy(), signal: deadlineSignal(env().MCP_TEST_TIMEOUT_MS) };
  const tokens = await finishAuthorization(
    context.url,
    { resource: pending.resourceMetadata, authServer: as },
    { client: pending.client, code, verifier: attempt.codeVerifier, redirectUri: attempt.redirectUri, ...net },
  );
  const creds: OAuthCredentials = { ...pending, tokens };

  if (context.connectorId) {
    // Signing in again: the connector keeps its settings and gets the new tokens.
    const row = await findConnector(userId, context.connectorId);
    if (!row || !sameUrl(row.url, context.url))
      throw new AppError("OAUTH_FAILED", "The connector changed while you were signing in. Start again.");
    const enc = encryptCredentials(creds, connectorBinding(userId, row.id));
    await updateOwnConnector(userId, row.id, {
      authType: "oauth",
      authMeta: oauthMeta(creds),
      encryptedCredentials: enc.ciphertext,
      keyVersion: enc.keyVersion,
      needsSignIn: false,
    });
    await forgetStoredAttempt(userId, state);
  } else {
    await finishAttempt(userId, state, creds);
  }
  logger().info(
    {
      event: "connector.oauth_complete",
      userId,
      connectorId: context.connectorId ?? undefined,
      issuer: as.issuer,
      outcome: "ok",
    },
    "oauth sign-in completed",
  );
  return { attemptId: state, connectorId: context.connectorId, account: tokens.account ?? null };
}

/** A finished sign-in for a connector not saved yet; it must be for this exact URL. */
export async function attemptCredentials(userId: string, attemptId: string, url: string): Promise<OAuthCredentials> {
  const attempt = await completedAttempt<AttemptContext>(userId, attemptId, CONNECTOR_OAUTH_PURPOSE);
  const secret = attempt ? attemptSecret<AttemptSecret>(attempt) : null;
  if (!attempt || !secret?.tokens)
    throw new AppError("VALIDATION", "Sign in first: this sign-in is unknown, unfinished or expired.");
  if (!sameUrl(url, attempt.context.url))
    throw new AppError("VALIDATION", "You signed in for another URL. Sign in again for this one.");
  return { ...secret, tokens: secret.tokens };
}

export async function forgetAttempt(userId: string, attemptId: string): Promise<void> {
  await forgetStoredAttempt(userId, attemptId);
}
