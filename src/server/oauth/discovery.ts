// OAuth discovery for MCP servers that require sign-in, in the order the MCP
// authorization specification gives: the protected resource metadata (RFC 9728) from
// the 401's WWW-Authenticate header or the well-known paths, then the authorization
// server's metadata (RFC 8414, then OpenID Connect discovery) whose issuer must match.
// Servers of the 2025-03-26 specification publish no resource metadata: their
// authorization server is their own origin, with its metadata at the root or else the
// default endpoints /authorize, /token and /register.
// Every URL, including those the server hands us, goes through the outbound guard.
// The documents are validated with the MCP SDK's schemas.
// Mix-up protection (RFC 9700 §4.4): the issuer and its authorization and token endpoints
// must be https (http only on a loopback address the outbound rules allow), and both
// endpoints must be on the issuer's own origin, so hostile metadata cannot send the user
// to an honest server's sign-in page and have the code delivered to its own token
// endpoint. The one exception is an issuer an administrator configured a client for in
// OAUTH_CLIENTS: they vouched for it (some providers keep endpoints on other hosts).
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import { addressRefusal, createSafeFetch, type OutboundPolicy } from "@/server/platform/outbound";
import ipaddr from "ipaddr.js";
import {
  OAuthMetadataSchema,
  OAuthProtectedResourceMetadataSchema,
  OpenIdProviderDiscoveryMetadataSchema,
  type AuthorizationServerMetadata,
  type OAuthProtectedResourceMetadata,
} from "@modelcontextprotocol/sdk/shared/auth.js";

export type DiscoveryStep = { name: string; url: string; outcome: "ok" | "failed"; detail?: string };

export type ResourceMetadata = OAuthProtectedResourceMetadata;

/** RFC 8414 or OpenID Connect metadata, plus the fields MCP clients look at. */
export type AuthServerMetadata = AuthorizationServerMetadata & {
  client_id_metadata_document_supported?: boolean;
  authorization_response_iss_parameter_supported?: boolean;
};

function safeProtocol(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return "";
  }
}

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const i = error.issues[0];
  return i ? `${i.path.map(String).join(".") || "document"}: ${i.message}` : "invalid";
}

export type OAuthDiscovery = {
  resource: ResourceMetadata;
  authServer: AuthServerMetadata;
  steps: DiscoveryStep[];
  /** How a 2025-03-26 server (no resource metadata) was found: its root metadata, or defaults. */
  legacy?: "metadata" | "default-endpoints";
};

/** The parameters of a `WWW-Authenticate: Bearer k="v", …` challenge. */
export function parseWwwAuthenticate(header: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  const body = header.replace(/^\s*Bearer\s+/i, "");
  for (const m of body.matchAll(/([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    out[m[1]!.toLowerCase()] = (m[2] ?? m[3] ?? "").replace(/\\(.)/g, "$1");
  }
  return out;
}

/** Well-known URLs for a resource or issuer, path-aware first (RFC 9728 §3, RFC 8414 §3). */
function wellKnown(base: URL, suffix: string): string[] {
  const path = base.pathname.replace(/\/$/, "");
  const urls = [];
  if (path) urls.push(new URL(`/.well-known/${suffix}${path}`, base.origin).href);
  urls.push(new URL(`/.well-known/${suffix}`, base.origin).href);
  return urls;
}

function authServerCandidates(issuer: URL): string[] {
  const path = issuer.pathname.replace(/\/$/, "");
  if (!path)
    return [
      new URL("/.well-known/oauth-authorization-server", issuer.origin).href,
      new URL("/.well-known/openid-configuration", issuer.origin).href,
    ];
  return [
    new URL(`/.well-known/oauth-authorization-server${path}`, issuer.origin).href,
    new URL(`/.well-known/openid-configuration${path}`, issuer.origin).href,
    new URL(`${path}/.well-known/openid-configuration`, issuer.origin).href,
  ];
}

function fail(message: string, steps: DiscoveryStep[]): never {
  throw new AppError("OAUTH_DISCOVERY_FAILED", message, { details: { steps } });
}

export async function discoverOAuth(
  serverUrl: URL,
  opts: { wwwAuthenticate?: string | null; policy: OutboundPolicy; signal: AbortSignal },
): Promise<OAuthDiscovery> {
  const fetch = createSafeFetch({ policy: opts.policy, signal: opts.signal, maxBodyBytes: 256 * 1024 });
  const steps: DiscoveryStep[] = [];
  let lastStatus: number | null = null;
  const getJson = async <T>(name: string, url: string): Promise<T | null> => {
    lastStatus = null;
    try {
      const res = await fetch(url, { headers: { accept: "application/json", "mcp-protocol-version": "2025-06-18" } });
      lastStatus = res.status;
      if (!res.ok) {
        await res.body?.cancel();
        steps.push({ name, url, outcome: "failed", detail: `HTTP ${res.status}` });
        return null;
      }
      const json = (await res.json()) as T;
      steps.push({ name, url, outcome: "ok" });
      return json;
    } catch (err) {
      steps.push({
        name,
        url,
        outcome: "failed",
        detail: err instanceof AppError ? err.message : "not JSON or unreachable",
      });
      if (err instanceof AppError && err.code === "URL_NOT_ALLOWED") throw err;
      return null;
    }
  };

  // 1. Protected resource metadata: the header's pointer, else the well-known paths.
  const hinted = parseWwwAuthenticate(opts.wwwAuthenticate).resource_metadata;
  let resource: ResourceMetadata | null = null;
  for (const url of hinted ? [new URL(hinted, serverUrl).href] : wellKnown(serverUrl, "oauth-protected-resource")) {
    resource = await getJson<ResourceMetadata>("protected resource metadata", url);
    if (resource) break;
  }
  if (!resource && hinted)
    fail("The server requires sign-in but its protected resource metadata (RFC 9728) could not be read.", steps);
  if (!resource) {
    // MCP 2025-03-26: the authorization server is the MCP server's origin.
    const base = new URL(serverUrl.origin);
    const legacyResource = { resource: serverUrl.href, authorization_servers: [base.origin] };
    const meta = await getJson<AuthServerMetadata>(
      "authorization server metadata (MCP 2025-03-26)",
      new URL("/.well-known/oauth-authorization-server", base).href,
    );
    if (meta)
      return {
        resource: legacyResource,
        authServer: checkAuthServer(meta, base, opts.policy, steps),
        steps,
        legacy: "metadata",
      };
    if (lastStatus !== 404) fail(`No authorization server metadata found for ${base.origin}.`, steps);
    const defaults = defaultEndpoints(base);
    checkEndpoints(defaults, base, opts.policy, steps);
    steps.push({ name: "default endpoints (MCP 2025-03-26)", url: defaults.authorization_endpoint, outcome: "ok" });
    return { resource: legacyResource, authServer: defaults, steps, legacy: "default-endpoints" };
  }
  const prm = OAuthProtectedResourceMetadataSchema.safeParse(resource);
  if (!prm.success) fail(`The protected resource metadata is invalid (${firstIssue(prm.error)}).`, steps);
  if (!Array.isArray(resource.authorization_servers) || typeof resource.authorization_servers[0] !== "string") {
    fail("The protected resource metadata names no authorization server.", steps);
  }
  // RFC 9728 §3.3: the metadata must describe the resource we asked about.
  const expected = serverUrl.href.replace(/\/$/, "");
  if (
    typeof resource.resource !== "string" ||
    (resource.resource.replace(/\/$/, "") !== expected && resource.resource.replace(/\/$/, "") !== serverUrl.origin)
  ) {
    fail(`The protected resource metadata describes ${String(resource.resource)}, not ${serverUrl.href}.`, steps);
  }

  // 2. Authorization server metadata, in the specification's order; the issuer must match.
  const issuer = new URL(resource.authorization_servers[0]);
  let meta: AuthServerMetadata | null = null;
  for (const url of authServerCandidates(issuer)) {
    meta = await getJson<AuthServerMetadata>("authorization server metadata", url);
    if (meta) break;
  }
  if (!meta) fail(`No authorization server metadata found for ${issuer.href}.`, steps);
  return { resource, authServer: checkAuthServer(meta, issuer, opts.policy, steps), steps };
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  return ipaddr.isValid(host) && ipaddr.process(host).range() === "loopback";
}

/** https, or http on a loopback address the outbound rules allow (local development, tests). */
function secureEnough(url: URL, policy: OutboundPolicy): boolean {
  if (url.protocol === "https:") return true;
  if (url.protocol !== "http:" || !isLoopbackHost(url.hostname)) return false;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (ipaddr.isValid(host)) return addressRefusal(ipaddr.parse(host).toString(), host, policy) === null;
  return policy.hosts.includes(host.toLowerCase());
}

function vouchedFor(issuer: string): boolean {
  const clients = env().OAUTH_CLIENTS;
  return Boolean(clients[issuer] ?? clients[issuer.replace(/\/$/, "")]);
}

/** The issuer and its endpoints as mix-up protection requires (see the top of this file). */
export function checkEndpoints(
  meta: Pick<AuthServerMetadata, "authorization_endpoint" | "token_endpoint">,
  issuer: URL,
  policy: OutboundPolicy,
  steps: DiscoveryStep[] = [],
): void {
  const rule = "must be https (http only on a loopback address the outbound rules allow)";
  if (!secureEnough(issuer, policy)) fail(`The authorization server's issuer ${issuer.href} ${rule}.`, steps);
  const endpoints: [string, string][] = [
    ["sign-in address", meta.authorization_endpoint],
    ["token endpoint", meta.token_endpoint],
  ];
  for (const [label, value] of endpoints) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      fail(`The authorization server's ${label} is not a URL.`, steps);
    }
    if (!secureEnough(url, policy)) fail(`The authorization server's ${label} ${url.href} ${rule}.`, steps);
    if (url.origin !== issuer.origin && !vouchedFor(issuer.href))
      fail(
        `The authorization server's ${label} ${url.href} is not on the authorization server's own origin (${issuer.origin}): refusing it.`,
        steps,
      );
  }
}

/**
 * Metadata we may use: RFC 8414 §3.3 says a document whose issuer is not the one it was
 * fetched for MUST NOT be used. That matters here: the issuer keys the clients an
 * administrator configured (OAUTH_CLIENTS) and those registered before, so a server
 * naming another issuer could otherwise be sent that issuer's client secret.
 */
function checkAuthServer(
  meta: AuthServerMetadata,
  issuer: URL,
  policy: OutboundPolicy,
  steps: DiscoveryStep[],
): AuthServerMetadata {
  if (typeof meta.issuer !== "string" || meta.issuer.replace(/\/$/, "") !== issuer.href.replace(/\/$/, "")) {
    fail(`The authorization server says its issuer is ${String(meta.issuer)}, not ${issuer.href}: refusing it.`, steps);
  }
  if (typeof meta.authorization_endpoint !== "string" || typeof meta.token_endpoint !== "string")
    fail("The authorization server metadata lacks its endpoints.", steps);
  // The browser opens the authorization endpoint: only a web address will do.
  if (!/^https?:$/.test(safeProtocol(meta.authorization_endpoint)))
    fail("The authorization server's sign-in address is not an http(s) URL: refusing it.", steps);
  checkEndpoints(meta, issuer, policy, steps);
  const valid = OAuthMetadataSchema.safeParse(meta);
  if (!valid.success && !OpenIdProviderDiscoveryMetadataSchema.safeParse(meta).success) {
    fail(`The authorization server metadata is invalid (${firstIssue(valid.error)}).`, steps);
  }
  // PKCE with S256 is mandatory for MCP clients.
  if (!meta.code_challenge_methods_supported?.includes("S256"))
    fail("The authorization server does not advertise PKCE with S256, which MCP requires.", steps);
  return meta;
}

/** MCP 2025-03-26 §2.3.3: without metadata, these paths at the server's origin, with PKCE S256. */
function defaultEndpoints(base: URL): AuthServerMetadata {
  return {
    issuer: base.origin,
    authorization_endpoint: new URL("/authorize", base).href,
    token_endpoint: new URL("/token", base).href,
    registration_endpoint: new URL("/register", base).href,
    response_types_supported: ["code"],
    code_challenge_methods_supported: ["S256"],
  };
}
