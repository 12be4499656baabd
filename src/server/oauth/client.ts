// Pieces of the OAuth client that are ours: the guarded fetch the SDK's auth functions
// use, the callback checks (state, and iss per RFC 9207), turning token responses into
// what we store, and revocation (RFC 7009, which the SDK's client does not offer). The
// flow itself runs in the SDK's auth() (see provider.ts).
import { AppError } from "@/lib/errors";
import type { AuthServerMetadata } from "@/server/oauth/discovery";
import { createSafeFetch, type OutboundPolicy } from "@/server/platform/outbound";
import { OAuthError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";

export type OAuthClientInfo = { clientId: string; clientSecret?: string };
export type TokenSet = {
  accessToken: string;
  refreshToken?: string;
  expiresAt: number;
  scope?: string;
  account?: string;
};
/** Where OAuth requests may go, and until when. */
export type Net = { policy: OutboundPolicy; signal: AbortSignal };

export function fetchFor(net: Net, maxBodyBytes = 256 * 1024) {
  const safe = createSafeFetch({ policy: net.policy, signal: net.signal, maxBodyBytes });
  // The SDK recognises error answers with `instanceof Response`: give it the global class.
  return async (url: string | URL, init?: RequestInit): Promise<Response> => {
    const res = await safe(url, init);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

/** What went wrong at the authorization server, in words for the user. */
function describe(err: unknown): string {
  if (err instanceof OAuthError)
    return `${err.errorCode}${err.message && err.message !== err.errorCode ? `: ${err.message.slice(0, 200)}` : ""}`;
  if (err instanceof Error && err.message) return err.message.slice(0, 200);
  return "unexpected answer";
}

export function rethrow(err: unknown, what: string): never {
  if (err instanceof AppError && (err.code === "URL_NOT_ALLOWED" || err.code === "TIMEOUT")) throw err;
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError"))
    throw new AppError("TIMEOUT", `${what} did not answer in time.`);
  throw new AppError("OAUTH_FAILED", `${what} failed (${describe(err)}).`, { cause: err });
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

export function tokenSet(tokens: OAuthTokens, previous?: TokenSet): TokenSet {
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

/**
 * Tells the authorization server to forget a token (RFC 7009), when it offers revocation.
 * Best effort: answers whether the server accepted, never throws.
 */
export async function revokeToken(
  as: AuthServerMetadata,
  client: OAuthClientInfo,
  token: string,
  net: Net,
): Promise<boolean> {
  const endpoint = (as as { revocation_endpoint?: unknown }).revocation_endpoint;
  if (typeof endpoint !== "string") return false;
  const headers = new Headers({ "content-type": "application/x-www-form-urlencoded" });
  const body = new URLSearchParams({ token, token_type_hint: "refresh_token" });
  if (client.clientSecret)
    headers.set(
      "authorization",
      `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString("base64")}`,
    );
  else body.set("client_id", client.clientId);
  try {
    const res = await fetchFor(net, 16 * 1024)(endpoint, { method: "POST", headers, body });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}
