// The MCP SDK's `auth()` drives every OAuth step of a connector (client registration or
// the Client ID Metadata Document, the PKCE authorization URL, code exchange, refresh)
// through this `OAuthClientProvider`. The provider holds one step's state in memory;
// callers persist what it collected through our repositories. Discovery is ours
// (stricter issuer check, step report) and is handed to the SDK as cached state, so it
// never fetches the metadata twice; every request goes through our outbound guard.
import { appUrl, env } from "@/env";
import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";
import type { OAuthClientSource as OAuthClientSourceSchema } from "@/lib/schemas/connectors";
import { fetchFor, rethrow, tokenSet, type OAuthClientInfo, type TokenSet } from "@/server/oauth/client";
import type { AuthServerMetadata, ResourceMetadata } from "@/server/oauth/discovery";
import type { OutboundPolicy } from "@/server/platform/outbound";
import { auth, type OAuthClientProvider, type OAuthDiscoveryState } from "@modelcontextprotocol/sdk/client/auth.js";
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import type { z } from "zod";

export type OAuthClientSource = z.infer<typeof OAuthClientSourceSchema>;
export type ClientChoice = OAuthClientInfo & { source: OAuthClientSource };
export type Discovered = { resource: ResourceMetadata; authServer: AuthServerMetadata };
type Net = { policy: OutboundPolicy; signal: AbortSignal };

export const CLIENT_NAME = "Connectors";

/**
 * The shared callback address: for clients registered outside the app (entered by the
 * user, configured by the administrator, or this app's Client ID Metadata Document), which
 * list this one address, and for sign-ins started before issuer-bound addresses existed.
 */
export function connectorRedirectUri(): string {
  return `${appUrl()}/api/connectors/oauth/callback`;
}

/** A short, stable name for an issuer in a URL path. */
export function issuerKey(issuer: string): string {
  return createHash("sha256").update(issuer.replace(/\/$/, "")).digest("base64url").slice(0, 22);
}

/**
 * The callback address of one authorization server (RFC 9700 §4.4.2.2): clients the app
 * registers itself list only their issuer's address, so an answer that arrives elsewhere
 * was sent by another server than the one the sign-in started at.
 */
export function issuerRedirectUri(issuer: string): string {
  return `${connectorRedirectUri()}/${issuerKey(issuer)}`;
}

/**
 * This app's Client ID Metadata Document URL: where the administrator published it, else
 * on the app itself when that has an HTTPS address (only an HTTPS URL can be a client id).
 */
export function clientMetadataUrl(): string | null {
  const configured = env().OAUTH_CLIENT_METADATA_URL;
  if (configured) return configured;
  const base = appUrl();
  return base.startsWith("https://") ? `${base}/oauth/client-metadata.json` : null;
}

function clientMetadata(redirectUri = connectorRedirectUri()): OAuthClientMetadata {
  return {
    client_name: CLIENT_NAME,
    client_uri: appUrl(),
    redirect_uris: [redirectUri],
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
  };
}

export function clientMetadataDocument(): Record<string, unknown> {
  return { client_id: clientMetadataUrl() ?? `${appUrl()}/oauth/client-metadata.json`, ...clientMetadata() };
}

type Mode = "authorize" | "exchange" | "refresh";

class ConnectorAuthProvider implements OAuthClientProvider {
  authorizationUrl?: URL;
  verifier?: string;
  client?: ClientChoice;
  tokenSet?: TokenSet;
  tokensSaved = false;
  /** The server refused the tokens (invalid_grant): only a new sign-in helps. */
  tokensRefused = false;

  constructor(
    private readonly mode: Mode,
    private readonly discovered: Discovered,
    private readonly o: {
      client?: ClientChoice;
      tokens?: TokenSet;
      state?: string;
      codeVerifier?: string;
      redirectUri?: string;
      onRegistered?: (c: ClientChoice) => Promise<void>;
    },
  ) {
    this.client = o.client;
    this.tokenSet = o.tokens;
  }

  get redirectUrl(): string {
    return this.o.redirectUri ?? connectorRedirectUri();
  }

  get clientMetadataUrl(): string | undefined {
    return clientMetadataUrl() ?? undefined;
  }

  get clientMetadata(): OAuthClientMetadata {
    return clientMetadata(this.redirectUrl);
  }

  private get issuer(): string {
    return this.discovered.authServer.issuer;
  }

  state(): string {
    return this.o.state ?? "";
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    if (!this.client) return undefined;
    return {
      client_id: this.client.clientId,
      ...(this.client.clientSecret ? { client_secret: this.client.clientSecret } : {}),
      issuer: this.issuer,
    };
  }

  async saveClientInformation(info: OAuthClientInformationMixed): Promise<void> {
    if (this.client?.clientId === info.client_id) return; // the SDK stamping what we gave it
    const source: OAuthClientSource = info.client_id === clientMetadataUrl() ? "metadata_document" : "registered";
    const secret = "client_secret" in info && typeof info.client_secret === "string" ? info.client_secret : undefined;
    this.client = { clientId: info.client_id, ...(secret ? { clientSecret: secret } : {}), source };
    if (source === "registered") await this.o.onRegistered?.(this.client);
  }

  tokens(): OAuthTokens | undefined {
    // Only a refresh starts from stored tokens; signing in (again) always asks the user.
    if (this.mode !== "refresh" || this.tokensRefused || !this.tokenSet) return undefined;
    const t = this.tokenSet;
    return {
      access_token: t.accessToken,
      token_type: "Bearer",
      expires_in: Math.max(0, Math.round((t.expiresAt - Date.now()) / 1000)),
      ...(t.refreshToken ? { refresh_token: t.refreshToken } : {}),
      ...(t.scope ? { scope: t.scope } : {}),
      issuer: this.issuer,
    };
  }

  saveTokens(tokens: OAuthTokens): void {
    this.tokenSet = tokenSet(tokens, this.tokenSet);
    this.tokensSaved = true;
  }

  redirectToAuthorization(url: URL): void {
    if (this.mode === "authorize") {
      this.authorizationUrl = url;
      return;
    }
    // Outside the popup there is nobody to send to the sign-in page.
    if (this.tokensRefused)
      throw new AppError("OAUTH_REAUTH_REQUIRED", "The server no longer accepts this sign-in: sign in again.");
    throw new AppError("OAUTH_FAILED", "The authorization server did not renew the sign-in. Try again later.");
  }

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    if (!this.o.codeVerifier) throw new AppError("OAUTH_FAILED", "This sign-in has no PKCE verifier.");
    return this.o.codeVerifier;
  }

  discoveryState(): OAuthDiscoveryState {
    return {
      authorizationServerUrl: this.issuer,
      resourceMetadata: this.discovered.resource,
      authorizationServerMetadata: this.discovered.authServer,
    };
  }

  saveDiscoveryState(): void {
    // Ours already, and checked more strictly than the SDK's own discovery would.
  }

  invalidateCredentials(scope: "all" | "client" | "tokens" | "verifier" | "discovery"): void {
    if (scope === "all" || scope === "tokens") this.tokensRefused = true;
  }
}

/** What went wrong, keeping our own errors (a refused address, a deadline) as they are. */
function lastNetworkError(errors: unknown[]): AppError | undefined {
  return errors.find((e): e is AppError => e instanceof AppError);
}

function guardedFetch(net: Net) {
  const errors: unknown[] = [];
  const base = fetchFor(net);
  const fetchFn = async (url: string | URL, init?: RequestInit) => {
    try {
      return await base(url, init);
    } catch (err) {
      errors.push(err);
      throw err;
    }
  };
  return { fetchFn, errors };
}

/**
 * Prepares the popup's authorization URL: the client (given, or the SDK's choice between
 * the metadata document and registration), PKCE S256, state, scopes and resource.
 */
export async function beginAuthorization(
  serverUrl: string,
  discovered: Discovered,
  o: {
    client?: ClientChoice;
    scopes: string[];
    state: string;
    redirectUri: string;
    onRegistered?: (c: ClientChoice) => Promise<void>;
  } & Net,
): Promise<{ url: string; verifier: string; client: ClientChoice }> {
  const provider = new ConnectorAuthProvider("authorize", discovered, {
    client: o.client,
    state: o.state,
    redirectUri: o.redirectUri,
    onRegistered: o.onRegistered,
  });
  const { fetchFn, errors } = guardedFetch(o);
  try {
    await auth(provider, { serverUrl, ...(o.scopes.length ? { scope: o.scopes.join(" ") } : {}), fetchFn });
  } catch (err) {
    rethrow(lastNetworkError(errors) ?? err, "Preparing the sign-in");
  }
  if (!provider.authorizationUrl || !provider.verifier || !provider.client)
    throw new AppError("OAUTH_FAILED", "The sign-in could not be prepared.");
  return { url: provider.authorizationUrl.href, verifier: provider.verifier, client: provider.client };
}

/** The popup came back with a code: exchange it (with the verifier and resource) for tokens. */
export async function finishAuthorization(
  serverUrl: string,
  discovered: Discovered,
  o: { client: ClientChoice; code: string; verifier: string; redirectUri: string } & Net,
): Promise<TokenSet> {
  const provider = new ConnectorAuthProvider("exchange", discovered, {
    client: o.client,
    codeVerifier: o.verifier,
    redirectUri: o.redirectUri,
  });
  const { fetchFn, errors } = guardedFetch(o);
  try {
    await auth(provider, { serverUrl, authorizationCode: o.code, fetchFn });
  } catch (err) {
    rethrow(lastNetworkError(errors) ?? err, "Exchanging the sign-in code at the token endpoint");
  }
  if (!provider.tokensSaved || !provider.tokenSet)
    throw new AppError("OAUTH_FAILED", "The token endpoint sent no tokens.");
  return provider.tokenSet;
}

/** New tokens from the refresh token; a refused one means the user must sign in again. */
export async function refreshTokens(
  serverUrl: string,
  discovered: Discovered,
  o: { client: ClientChoice; tokens: TokenSet } & Net,
): Promise<TokenSet> {
  if (!o.tokens.refreshToken) throw new AppError("OAUTH_REAUTH_REQUIRED", "The sign-in expired: sign in again.");
  const provider = new ConnectorAuthProvider("refresh", discovered, { client: o.client, tokens: o.tokens });
  const { fetchFn, errors } = guardedFetch(o);
  try {
    await auth(provider, { serverUrl, fetchFn });
  } catch (err) {
    if (err instanceof AppError && err.code === "OAUTH_REAUTH_REQUIRED") throw err;
    rethrow(lastNetworkError(errors) ?? err, "Refreshing the sign-in");
  }
  if (!provider.tokensSaved || !provider.tokenSet)
    throw new AppError("OAUTH_FAILED", "The authorization server sent no new token.");
  return provider.tokenSet;
}
