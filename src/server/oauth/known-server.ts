// OAuth with an authorization server whose endpoints and client an administrator
// configured (Gmail, on Google's endpoints): the same PKCE S256 authorization request,
// code exchange, refresh and token handling as connectors, run by the MCP SDK's
// functions, without discovery or client registration.
import { AppError } from "@/lib/errors";
import { fetchFor, rethrow, tokenSet, type Net, type OAuthClientInfo, type TokenSet } from "@/server/oauth/client";
import type { AuthServerMetadata } from "@/server/oauth/discovery";
import {
  exchangeAuthorization,
  refreshAuthorization,
  startAuthorization,
} from "@modelcontextprotocol/sdk/client/auth.js";
import { InvalidGrantError } from "@modelcontextprotocol/sdk/server/auth/errors.js";

export type KnownServer = {
  /** What the administrator configured, in the shape discovery would have produced. */
  metadata: AuthServerMetadata;
  client: OAuthClientInfo;
  redirectUri: string;
  scopes: string[];
  /** Provider-specific authorization parameters (Google: access_type, prompt). */
  extraParams?: Record<string, string>;
  /** Names the server in error messages. */
  label: string;
};

function clientInformation(s: KnownServer) {
  return { client_id: s.client.clientId, ...(s.client.clientSecret ? { client_secret: s.client.clientSecret } : {}) };
}

/** The popup's authorization URL and the PKCE verifier to keep until the callback. */
export async function authorizationRequest(s: KnownServer, state: string): Promise<{ url: string; verifier: string }> {
  const { authorizationUrl, codeVerifier } = await startAuthorization(s.metadata.issuer, {
    metadata: s.metadata,
    clientInformation: clientInformation(s),
    redirectUrl: s.redirectUri,
    scope: s.scopes.join(" "),
    state,
  });
  for (const [k, v] of Object.entries(s.extraParams ?? {})) authorizationUrl.searchParams.set(k, v);
  return { url: authorizationUrl.href, verifier: codeVerifier };
}

export async function exchangeCode(s: KnownServer, code: string, verifier: string, net: Net): Promise<TokenSet> {
  try {
    const tokens = await exchangeAuthorization(s.metadata.issuer, {
      metadata: s.metadata,
      clientInformation: clientInformation(s),
      authorizationCode: code,
      codeVerifier: verifier,
      redirectUri: s.redirectUri,
      fetchFn: fetchFor(net),
    });
    return tokenSet(tokens);
  } catch (err) {
    rethrow(err, `${s.label}'s token endpoint`);
  }
}

/** New tokens from the refresh token; one the server no longer accepts means signing in again. */
export async function refreshWith(s: KnownServer, tokens: TokenSet, net: Net): Promise<TokenSet> {
  if (!tokens.refreshToken) throw new AppError("OAUTH_REAUTH_REQUIRED", `The ${s.label} sign-in expired.`);
  try {
    const fresh = await refreshAuthorization(s.metadata.issuer, {
      metadata: s.metadata,
      clientInformation: clientInformation(s),
      refreshToken: tokens.refreshToken,
      fetchFn: fetchFor(net),
    });
    return tokenSet(fresh, tokens);
  } catch (err) {
    if (err instanceof InvalidGrantError)
      throw new AppError("OAUTH_REAUTH_REQUIRED", `${s.label} no longer accepts this sign-in.`, { cause: err });
    rethrow(err, `Refreshing the ${s.label} sign-in`);
  }
}
