// Connecting Gmail: the app's one OAuth stack (src/server/oauth) with Google's endpoints
// and the administrator's client, PKCE S256, tokens encrypted at rest, refreshed a minute
// before expiry (once at a time), revoked on disconnect.
import { appUrl, env } from "@/env";
import { AppError } from "@/lib/errors";
import { findToolStatus, replaceToolTokens, saveToolStatus } from "@/server/db/tool-status";
import { revokeToken, type Net, type TokenSet } from "@/server/oauth/client";
import { authorizationRequest, exchangeCode, refreshWith, type KnownServer } from "@/server/oauth/known-server";
import { singleFlight } from "@/server/oauth/single-flight";
import { claimAttempt, forgetAttempt, newState, startAttempt } from "@/server/oauth/states";
import { toolTokenBinding } from "@/server/platform/bindings";
import { deadlineSignal } from "@/server/platform/deadline";
import { decryptCredentials, encryptCredentials } from "@/server/platform/encryption";
import { logger } from "@/server/platform/log";
import { adminPolicy } from "@/server/platform/outbound";
import { readJson, toolFetch } from "@/server/tools/http";

export const GMAIL_SCOPES = [
  "https://www.googleapis.com/auth/gmail.readonly",
  "https://www.googleapis.com/auth/gmail.send",
];
const PURPOSE = "tool:gmail";
const GOOGLE_ISSUER = "https://accounts.google.com";
const EXPIRY_SKEW_MS = 60_000;
const REQUEST_TIMEOUT_MS = 15_000;

export function gmailNotConfigured(): string | null {
  const e = env();
  return e.GMAIL_CLIENT_ID && e.GMAIL_CLIENT_SECRET
    ? null
    : "Not configured: an administrator must set GMAIL_CLIENT_ID and GMAIL_CLIENT_SECRET (a Google OAuth client with the Gmail API enabled).";
}

export function gmailRedirectUri(): string {
  return `${appUrl()}/api/tools/gmail/callback`;
}

export function gmailApiUrl(): string {
  return env().GMAIL_API_URL.replace(/\/$/, "");
}

/** Google as the OAuth stack sees it: endpoints and client from the configuration. */
function google(): KnownServer {
  const reason = gmailNotConfigured();
  if (reason) throw new AppError("TOOL_NOT_CONFIGURED", reason);
  const e = env();
  return {
    label: "Google",
    metadata: {
      issuer: GOOGLE_ISSUER,
      authorization_endpoint: e.GMAIL_AUTH_URL,
      token_endpoint: e.GMAIL_TOKEN_URL,
      revocation_endpoint: e.GMAIL_REVOKE_URL,
      response_types_supported: ["code"],
      code_challenge_methods_supported: ["S256"],
      token_endpoint_auth_methods_supported: ["client_secret_post"],
    },
    client: { clientId: e.GMAIL_CLIENT_ID!, clientSecret: e.GMAIL_CLIENT_SECRET! },
    redirectUri: gmailRedirectUri(),
    scopes: GMAIL_SCOPES,
    // Google issues a refresh token only for offline access, and again only with consent.
    extraParams: { access_type: "offline", prompt: "consent" },
  };
}

function net(): Net {
  return { policy: adminPolicy(), signal: deadlineSignal(REQUEST_TIMEOUT_MS) };
}

function seal(userId: string, tokens: TokenSet) {
  return encryptCredentials(tokens, toolTokenBinding(userId, "gmail"));
}

export async function startGmailAuthorization(userId: string): Promise<{ authorizeUrl: string }> {
  const server = google();
  const state = newState();
  const request = await authorizationRequest(server, state);
  await startAttempt({
    state,
    userId,
    purpose: PURPOSE,
    codeVerifier: request.verifier,
    redirectUri: server.redirectUri,
    context: {},
  });
  return { authorizeUrl: request.url };
}

/** Google's refusal, in words for the user. */
function refused(err: unknown): AppError {
  const detail = err instanceof AppError ? err.message.replace(/^.*?failed \((.*)\)\.$/, "$1") : "unexpected answer";
  return new AppError("AUTH_FAILED", `Google refused the token request (${detail}).`, { cause: err });
}

export async function completeGmailAuthorization(
  userId: string,
  params: { code?: string | null; state?: string | null; error?: string | null },
): Promise<{ account: string | null }> {
  const server = google();
  // A state presented by another account is spent: it leaked.
  const pending = await claimAttempt(userId, params.state ?? "", PURPOSE, { spendIfForeign: true });
  if (!pending)
    throw new AppError("VALIDATION", "This sign-in attempt expired or was already used. Start connecting Gmail again.");
  await forgetAttempt(userId, pending.state);
  if (params.error)
    throw new AppError(
      "AUTH_FAILED",
      params.error === "access_denied"
        ? "You did not grant access to Gmail."
        : `Google did not grant access (${params.error}).`,
    );
  if (!params.code) throw new AppError("VALIDATION", "Google did not send an authorization code.");
  let tokens: TokenSet;
  try {
    tokens = await exchangeCode(server, params.code, pending.codeVerifier, net());
  } catch (err) {
    if (err instanceof AppError && (err.code === "TIMEOUT" || err.code === "URL_NOT_ALLOWED")) throw err;
    throw refused(err);
  }
  let account: string | null = null;
  const profile = await toolFetch(`${gmailApiUrl()}/gmail/v1/users/me/profile`, {
    headers: { authorization: `Bearer ${tokens.accessToken}` },
  });
  if (profile.ok) account = (await readJson<{ emailAddress?: string }>(profile, "Gmail")).emailAddress ?? null;
  const enc = seal(userId, tokens);
  await saveToolStatus(userId, "gmail", {
    connected: true,
    encryptedTokens: enc.ciphertext,
    keyVersion: enc.keyVersion,
    account,
  });
  logger().info({ event: "tool.connect", userId, toolId: "gmail", outcome: "ok" }, "gmail connected");
  return { account };
}

async function refreshGmail(userId: string): Promise<string> {
  // Read again inside the flight: a refresh that just finished has stored new tokens.
  const status = await findToolStatus(userId, "gmail");
  if (!status?.connected || !status.encryptedTokens)
    throw new AppError("NOT_FOUND", "Gmail is not connected. Connect it in the Apps menu.");
  const tokens = decryptCredentials<TokenSet>(status.encryptedTokens, toolTokenBinding(userId, "gmail"));
  if (tokens.expiresAt - EXPIRY_SKEW_MS > Date.now()) return tokens.accessToken;
  if (!tokens.refreshToken) throw new AppError("AUTH_FAILED", "Gmail access expired. Connect Gmail again.");
  let next: TokenSet;
  try {
    next = await refreshWith(google(), tokens, net());
  } catch (err) {
    if (err instanceof AppError && err.code === "OAUTH_REAUTH_REQUIRED") {
      await saveToolStatus(userId, "gmail", { connected: false, encryptedTokens: null, keyVersion: null });
      throw new AppError("AUTH_FAILED", "Gmail access was revoked. Connect Gmail again.");
    }
    throw err;
  }
  const enc = seal(userId, next);
  await replaceToolTokens(userId, "gmail", status.encryptedTokens, enc.ciphertext, enc.keyVersion);
  logger().info({ event: "tool.token_refresh", userId, toolId: "gmail", outcome: "ok" }, "gmail token refreshed");
  return next.accessToken;
}

/** A valid access token, refreshed first when it expires within a minute. */
export async function gmailAccessToken(userId: string): Promise<string> {
  const status = await findToolStatus(userId, "gmail");
  if (!status?.connected || !status.encryptedTokens)
    throw new AppError("NOT_FOUND", "Gmail is not connected. Connect it in the Apps menu.");
  const tokens = decryptCredentials<TokenSet>(status.encryptedTokens, toolTokenBinding(userId, "gmail"));
  if (tokens.expiresAt - EXPIRY_SKEW_MS > Date.now()) return tokens.accessToken;
  return singleFlight(`gmail:${userId}`, () => refreshGmail(userId));
}

/** Revokes at Google (best effort) and deletes the tokens. */
export async function disconnectGmail(userId: string): Promise<void> {
  const status = await findToolStatus(userId, "gmail");
  if (status?.encryptedTokens) {
    try {
      const tokens = decryptCredentials<TokenSet>(status.encryptedTokens, toolTokenBinding(userId, "gmail"));
      const server = google();
      const revoked = await revokeToken(
        server.metadata,
        server.client,
        tokens.refreshToken ?? tokens.accessToken,
        net(),
      );
      if (!revoked)
        logger().warn({ event: "tool.revoke", userId, toolId: "gmail", outcome: "failed" }, "gmail revoke failed");
    } catch (err) {
      logger().warn({ event: "tool.revoke", userId, toolId: "gmail", outcome: "failed", err }, "gmail revoke failed");
    }
  }
  await saveToolStatus(userId, "gmail", { connected: false, encryptedTokens: null, keyVersion: null, account: null });
}
