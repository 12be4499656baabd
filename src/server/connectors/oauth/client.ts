// The OAuth client side of MCP authorization: dynamic client registration (RFC 7591),
// authorization code with PKCE S256 and the resource parameter (RFC 8707), callback
// checks (state, and iss per RFC 9207), code exchange and refresh. Every request goes
// through the outbound guard with a deadline.
import { createHash, randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";
import { createSafeFetch, type OutboundPolicy } from "../outbound";
import type { AuthServerMetadata } from "./discovery";

export type OAuthClientInfo = { clientId: string; clientSecret?: string };
export type TokenSet = { accessToken: string; refreshToken?: string; expiresAt: number; scope?: string };
type Net = { policy: OutboundPolicy; signal: AbortSignal };

async function postForm(url: string, body: Record<string, string>, net: Net): Promise<{ status: number; json: Record<string, unknown> }> {
  const fetch = createSafeFetch({ policy: net.policy, signal: net.signal, maxBodyBytes: 256 * 1024 });
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" }, body: new URLSearchParams(body).toString() });
  let json: Record<string, unknown> = {};
  try {
    json = (await res.json()) as Record<string, unknown>;
  } catch {
    // handled below by the missing fields
  }
  return { status: res.status, json };
}

export async function registerClient(as: AuthServerMetadata, opts: { redirectUri: string; clientName: string } & Net): Promise<OAuthClientInfo> {
  if (!as.registration_endpoint) throw new AppError("OAUTH_FAILED", "The authorization server does not support dynamic client registration; enter a client id from its administrator.");
  const fetch = createSafeFetch({ policy: opts.policy, signal: opts.signal, maxBodyBytes: 64 * 1024 });
  const res = await fetch(as.registration_endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ client_name: opts.clientName, redirect_uris: [opts.redirectUri], grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], token_endpoint_auth_method: "none" }),
  });
  const json = (await res.json().catch(() => ({}))) as { client_id?: unknown; client_secret?: unknown; error?: unknown };
  if (!res.ok || typeof json.client_id !== "string") throw new AppError("OAUTH_FAILED", `Client registration was refused (${typeof json.error === "string" ? json.error : `HTTP ${res.status}`}).`);
  return { clientId: json.client_id, ...(typeof json.client_secret === "string" ? { clientSecret: json.client_secret } : {}) };
}

export function authorizationRequest(as: AuthServerMetadata, client: OAuthClientInfo, opts: { redirectUri: string; resource: string; scopes?: string[] }): { url: string; state: string; verifier: string } {
  const verifier = randomBytes(32).toString("base64url");
  const state = randomBytes(24).toString("base64url");
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", client.clientId);
  url.searchParams.set("redirect_uri", opts.redirectUri);
  url.searchParams.set("state", state);
  url.searchParams.set("code_challenge", createHash("sha256").update(verifier).digest("base64url"));
  url.searchParams.set("code_challenge_method", "S256");
  url.searchParams.set("resource", opts.resource);
  if (opts.scopes?.length) url.searchParams.set("scope", opts.scopes.join(" "));
  return { url: url.href, state, verifier };
}

/** The authorization code from a callback, after checking state and issuer. */
export function checkCallback(params: URLSearchParams, expected: { state: string; issuer: string; issRequired: boolean }): string {
  if (params.get("state") !== expected.state) throw new AppError("OAUTH_FAILED", "The sign-in answer does not belong to this attempt (state mismatch). Try again.");
  const iss = params.get("iss");
  if (iss !== null ? iss !== expected.issuer : expected.issRequired) throw new AppError("OAUTH_FAILED", "The sign-in answer came from another authorization server (issuer mismatch).");
  const error = params.get("error");
  if (error) throw new AppError("OAUTH_FAILED", error === "access_denied" ? "You did not grant access." : `The authorization server refused: ${error}.`);
  const code = params.get("code");
  if (!code) throw new AppError("OAUTH_FAILED", "The authorization server sent no code.");
  return code;
}

function tokenSet(json: Record<string, unknown>, previous?: TokenSet): TokenSet {
  if (typeof json.access_token !== "string") throw new AppError("OAUTH_FAILED", "The token endpoint sent no access token.");
  const expiresIn = typeof json.expires_in === "number" ? json.expires_in : 3600;
  return {
    accessToken: json.access_token,
    refreshToken: typeof json.refresh_token === "string" ? json.refresh_token : previous?.refreshToken,
    expiresAt: Date.now() + expiresIn * 1000,
    scope: typeof json.scope === "string" ? json.scope : previous?.scope,
  };
}

function clientAuth(client: OAuthClientInfo): Record<string, string> {
  return { client_id: client.clientId, ...(client.clientSecret ? { client_secret: client.clientSecret } : {}) };
}

export async function exchangeCode(as: AuthServerMetadata, client: OAuthClientInfo, opts: { code: string; verifier: string; redirectUri: string; resource: string } & Net): Promise<TokenSet> {
  const { status, json } = await postForm(as.token_endpoint, { grant_type: "authorization_code", code: opts.code, code_verifier: opts.verifier, redirect_uri: opts.redirectUri, resource: opts.resource, ...clientAuth(client) }, opts);
  if (status !== 200) throw new AppError("OAUTH_FAILED", `The token endpoint refused the code (${typeof json.error === "string" ? json.error : `HTTP ${status}`}).`);
  return tokenSet(json);
}

/** A refreshed token set; a refused refresh token means the user must sign in again. */
export async function refreshTokenSet(as: AuthServerMetadata, client: OAuthClientInfo, current: TokenSet, opts: { resource: string } & Net): Promise<TokenSet> {
  if (!current.refreshToken) throw new AppError("OAUTH_REAUTH_REQUIRED", "The sign-in expired: sign in again.");
  const { status, json } = await postForm(as.token_endpoint, { grant_type: "refresh_token", refresh_token: current.refreshToken, resource: opts.resource, ...clientAuth(client) }, opts);
  if (status !== 200) {
    if (json.error === "invalid_grant") throw new AppError("OAUTH_REAUTH_REQUIRED", "The server no longer accepts this sign-in: sign in again.");
    throw new AppError("OAUTH_FAILED", `Refreshing the sign-in failed (${typeof json.error === "string" ? json.error : `HTTP ${status}`}).`);
  }
  return tokenSet(json, current);
}
