// The OAuth client side of MCP authorization, on the MCP SDK's client auth functions:
// dynamic client registration (RFC 7591), authorization code with PKCE S256 and the
// resource parameter (RFC 8707), code exchange and refresh, with the client
// authentication method the server supports. Every request goes through our outbound
// guard with a deadline; the callback checks (state, and iss per RFC 9207) are ours.
import {
  exchangeAuthorization,
  refreshAuthorization,
  registerClient as sdkRegisterClient,
  startAuthorization,
} from "@modelcontextprotocol/sdk/client/auth.js";
import { OAuthError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";
import { createSafeFetch, type OutboundPolicy } from "../outbound";
import type { AuthServerMetadata } from "./discovery";

export type OAuthClientInfo = { clientId: string; clientSecret?: string };
export type TokenSet = {
  accessToken: string;
  refreshToken?: string;
  expiresAt: number;
  scope?: string;
  account?: string;
};
type Net = { policy: OutboundPolicy; signal: AbortSignal };

function fetchFor(net: Net, maxBodyBytes = 256 * 1024) {
  const safe = createSafeFetch({ policy: net.policy, signal: net.signal, maxBodyBytes });
  // The SDK recognises error answers with `instanceof Response`: give it the global class.
  return async (url: string | URL, init?: RequestInit): Promise<Response> => {
    const res = await safe(url, init);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

const clientInformation = (c: OAuthClientInfo) => ({
  client_id: c.clientId,
  ...(c.clientSecret ? { client_secret: c.clientSecret } : {}),
});

/** What went wrong at the authorization server, in words for the user. */
function describe(err: unknown): string {
  if (err instanceof OAuthError)
    return `${err.errorCode}${err.message && err.message !== err.errorCode ? `: ${err.message.slice(0, 200)}` : ""}`;
  if (err instanceof AppError) return err.message;
  return "unexpected answer";
}

function rethrow(err: unknown, what: string): never {
  if (err instanceof AppError && (err.code === "URL_NOT_ALLOWED" || err.code === "TIMEOUT")) throw err;
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError"))
    throw new AppError("TIMEOUT", `${what} did not answer in time.`);
  throw new AppError("OAUTH_FAILED", `${what} failed (${describe(err)}).`, { cause: err });
}

export async function registerClient(
  as: AuthServerMetadata,
  opts: { redirectUri: string; clientName: string } & Net,
): Promise<OAuthClientInfo> {
  if (!as.registration_endpoint)
    throw new AppError(
      "OAUTH_FAILED",
      "The authorization server does not support dynamic client registration; enter a client id from its administrator.",
    );
  try {
    const registered = await sdkRegisterClient(as.issuer, {
      metadata: as,
      clientMetadata: {
        client_name: opts.clientName,
        redirect_uris: [opts.redirectUri],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "none",
      },
      fetchFn: fetchFor(opts, 64 * 1024),
    });
    return {
      clientId: registered.client_id,
      ...(registered.client_secret ? { clientSecret: registered.client_secret } : {}),
    };
  } catch (err) {
    rethrow(err, "Client registration");
  }
}

/** The URL the sign-in popup opens, with a fresh state and PKCE verifier. */
export async function authorizationRequest(
  as: AuthServerMetadata,
  client: OAuthClientInfo,
  opts: { redirectUri: string; resource: string; scopes?: string[] },
): Promise<{ url: string; state: string; verifier: string }> {
  const state = randomBytes(24).toString("base64url");
  try {
    const { authorizationUrl, codeVerifier } = await startAuthorization(as.issuer, {
      metadata: as,
      clientInformation: clientInformation(client),
      redirectUrl: opts.redirectUri,
      state,
      resource: new URL(opts.resource),
      ...(opts.scopes?.length ? { scope: opts.scopes.join(" ") } : {}),
    });
    return { url: authorizationUrl.href, state, verifier: codeVerifier };
  } catch (err) {
    rethrow(err, "Preparing the sign-in");
  }
}

/** The authorization code from a callback, after checking state and issuer. */
export function checkCallback(
  params: URLSearchParams,
  expected: { state: string; issuer: string; issRequired: boolean },
): string {
  if (params.get("state") !== expected.state)
    throw new AppError(
      "OAUTH_FAILED",
      "The sign-in answer does not belong to this attempt (state mismatch). Try again.",
    );
  const iss = params.get("iss");
  if (iss !== null ? iss !== expected.issuer : expected.issRequired)
    throw new AppError("OAUTH_FAILED", "The sign-in answer came from another authorization server (issuer mismatch).");
  const error = params.get("error");
  if (error)
    throw new AppError(
      "OAUTH_FAILED",
      error === "access_denied"
        ? "You did not grant access."
        : `The authorization server refused: ${error.slice(0, 100)}.`,
    );
  const code = params.get("code");
  if (!code) throw new AppError("OAUTH_FAILED", "The authorization server sent no code.");
  return code;
}

/**
 * Who the tokens belong to, from an OpenID Connect id_token's claims. Shown to the user
 * only ("signed in as"); nothing is authorized on it, so the signature is not needed.
 */
export function accountFromIdToken(idToken: unknown): string | undefined {
  if (typeof idToken !== "string") return undefined;
  try {
    const claims = JSON.parse(Buffer.from(idToken.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<
      string,
      unknown
    >;
    const found = [claims.email, claims.preferred_username, claims.name].find(
      (v): v is string => typeof v === "string" && v.trim() !== "",
    );
    return found?.slice(0, 200);
  } catch {
    return undefined;
  }
}

function tokenSet(tokens: OAuthTokens, previous?: TokenSet): TokenSet {
  if (!tokens.access_token || /[\r\n\0]/.test(tokens.access_token))
    throw new AppError("OAUTH_FAILED", "The token endpoint sent an access token that cannot be used.");
  const expiresIn = typeof tokens.expires_in === "number" && tokens.expires_in > 0 ? tokens.expires_in : 3600;
  const account = accountFromIdToken(tokens.id_token) ?? previous?.account;
  const refreshToken = tokens.refresh_token ?? previous?.refreshToken;
  const scope = tokens.scope ?? previous?.scope;
  return {
    accessToken: tokens.access_token,
    expiresAt: Date.now() + expiresIn * 1000,
    ...(refreshToken ? { refreshToken } : {}),
    ...(scope ? { scope } : {}),
    ...(account ? { account } : {}),
  };
}

export async function exchangeCode(
  as: AuthServerMetadata,
  client: OAuthClientInfo,
  opts: { code: string; verifier: string; redirectUri: string; resource: string } & Net,
): Promise<TokenSet> {
  let tokens: OAuthTokens;
  try {
    tokens = await exchangeAuthorization(as.issuer, {
      metadata: as,
      clientInformation: clientInformation(client),
      authorizationCode: opts.code,
      codeVerifier: opts.verifier,
      redirectUri: opts.redirectUri,
      resource: new URL(opts.resource),
      fetchFn: fetchFor(opts),
    });
  } catch (err) {
    rethrow(err, "Exchanging the sign-in code at the token endpoint");
  }
  return tokenSet(tokens);
}

/** A refreshed token set; a refused refresh token means the user must sign in again. */
export async function refreshTokenSet(
  as: AuthServerMetadata,
  client: OAuthClientInfo,
  current: TokenSet,
  opts: { resource: string } & Net,
): Promise<TokenSet> {
  if (!current.refreshToken) throw new AppError("OAUTH_REAUTH_REQUIRED", "The sign-in expired: sign in again.");
  let tokens: OAuthTokens;
  try {
    tokens = await refreshAuthorization(as.issuer, {
      metadata: as,
      clientInformation: clientInformation(client),
      refreshToken: current.refreshToken,
      resource: new URL(opts.resource),
      fetchFn: fetchFor(opts),
    });
  } catch (err) {
    if (err instanceof OAuthError && err.errorCode === "invalid_grant")
      throw new AppError("OAUTH_REAUTH_REQUIRED", "The server no longer accepts this sign-in: sign in again.");
    rethrow(err, "Refreshing the sign-in");
  }
  return tokenSet(tokens, current);
}

/**
 * Tells the authorization server to forget a token (RFC 7009), when it offers revocation.
 * Best effort: answers whether the server accepted, never throws.
 */
export async function revokeToken(as: AuthServerMetadata, client: OAuthClientInfo, token: string, net: Net): Promise<boolean> {
  const endpoint = (as as { revocation_endpoint?: unknown }).revocation_endpoint;
  if (typeof endpoint !== "string") return false;
  const headers = new Headers({ "content-type": "application/x-www-form-urlencoded" });
  const body = new URLSearchParams({ token, token_type_hint: "refresh_token" });
  if (client.clientSecret) headers.set("authorization", `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString("base64")}`);
  else body.set("client_id", client.clientId);
  try {
    const res = await fetchFor(net, 16 * 1024)(endpoint, { method: "POST", headers, body });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}
