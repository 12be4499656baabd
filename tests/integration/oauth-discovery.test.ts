// Discovery for OAuth-protected MCP servers (groundwork for OAuth connectors).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { discoverOAuth, parseWwwAuthenticate } from "@/server/oauth/discovery";
import { parseOutboundAllow } from "@/server/platform/outbound";
import { startFakeAuth, type FakeAuth } from "../support/fake-auth-server";
import { errorOf } from "../support/errors";

const policy = parseOutboundAllow("127.0.0.1");
let auth: FakeAuth;

beforeEach(async () => {
  auth = await startFakeAuth();
});
afterEach(async () => {
  await auth.close();
});

const asMeta = (issuer: string, extra: Record<string, unknown> = {}) => ({
  issuer,
  authorization_endpoint: `${issuer}/authorize`,
  token_endpoint: `${issuer}/token`,
  registration_endpoint: `${issuer}/register`,
  response_types_supported: ["code"],
  code_challenge_methods_supported: ["S256"],
  ...extra,
});

function discover(path = "/mcp", header?: string) {
  return discoverOAuth(new URL(`${auth.origin}${path}`), {
    wwwAuthenticate: header,
    policy,
    signal: AbortSignal.timeout(3000),
  });
}

describe("OAuth discovery", () => {
  it("reads the challenge parameters", () => {
    expect(
      parseWwwAuthenticate(
        'Bearer realm="mcp", resource_metadata="https://x/.well-known/oauth-protected-resource", scope="a b", error=invalid_token',
      ),
    ).toEqual({
      realm: "mcp",
      resource_metadata: "https://x/.well-known/oauth-protected-resource",
      scope: "a b",
      error: "invalid_token",
    });
    expect(parseWwwAuthenticate(null)).toEqual({});
  });

  it("follows resource_metadata from the 401 header, then RFC 8414 metadata", async () => {
    auth.put("/custom/prm", {
      resource: `${auth.origin}/mcp`,
      authorization_servers: [auth.origin],
      scopes_supported: ["read"],
    });
    auth.put("/.well-known/oauth-authorization-server", asMeta(auth.origin));
    const found = await discover("/mcp", `Bearer resource_metadata="${auth.origin}/custom/prm"`);
    expect(found.authServer.token_endpoint).toBe(`${auth.origin}/token`);
    expect(found.resource.scopes_supported).toEqual(["read"]);
    expect(found.steps.map((s) => `${s.outcome} ${new URL(s.url).pathname}`)).toEqual([
      "ok /custom/prm",
      "ok /.well-known/oauth-authorization-server",
    ]);
  });

  it("uses the well-known paths, path-aware first, and OpenID discovery in the specification's order", async () => {
    auth.put("/.well-known/oauth-protected-resource", {
      resource: `${auth.origin}/mcp`,
      authorization_servers: [`${auth.origin}/tenant`],
    });
    auth.put("/tenant/.well-known/openid-configuration", asMeta(`${auth.origin}/tenant`));
    const found = await discover();
    expect(found.authServer.issuer).toBe(`${auth.origin}/tenant`);
    expect(auth.requested).toEqual([
      "/.well-known/oauth-protected-resource/mcp",
      "/.well-known/oauth-protected-resource",
      "/.well-known/oauth-authorization-server/tenant",
      "/.well-known/openid-configuration/tenant",
      "/tenant/.well-known/openid-configuration",
    ]);
  });

  it("refuses an issuer that does not match", async () => {
    auth.put("/.well-known/oauth-protected-resource", {
      resource: `${auth.origin}/mcp`,
      authorization_servers: [auth.origin],
    });
    auth.put("/.well-known/oauth-authorization-server", asMeta("https://evil.example"));
    expect((await errorOf(discover())).message).toMatch(/issuer is https:\/\/evil\.example, not .*: refusing it/);
  });

  it("refuses a server without PKCE S256", async () => {
    auth.put("/.well-known/oauth-protected-resource", {
      resource: `${auth.origin}/mcp`,
      authorization_servers: [auth.origin],
    });
    auth.put(
      "/.well-known/oauth-authorization-server",
      asMeta(auth.origin, { code_challenge_methods_supported: ["plain"] }),
    );
    expect((await errorOf(discover())).message).toBe(
      "The authorization server does not advertise PKCE with S256, which MCP requires.",
    );
  });

  it("refuses authorization server metadata that is not valid RFC 8414 metadata", async () => {
    auth.put("/.well-known/oauth-protected-resource", {
      resource: `${auth.origin}/mcp`,
      authorization_servers: [auth.origin],
    });
    auth.put("/.well-known/oauth-authorization-server", {
      ...asMeta(auth.origin),
      response_types_supported: undefined,
    });
    expect((await errorOf(discover())).message).toMatch(/metadata is invalid \(response_types_supported/);
  });

  it("refuses a sign-in address the browser would run as a script", async () => {
    auth.put("/.well-known/oauth-protected-resource", {
      resource: `${auth.origin}/mcp`,
      authorization_servers: [auth.origin],
    });
    auth.put(
      "/.well-known/oauth-authorization-server",
      asMeta(auth.origin, { authorization_endpoint: "javascript:alert(document.domain)" }),
    );
    expect((await errorOf(discover())).message).toMatch(/not an http\(s\) URL/);
  });

  it("refuses metadata that describes another resource", async () => {
    auth.put("/.well-known/oauth-protected-resource", {
      resource: "https://other.example/mcp",
      authorization_servers: [auth.origin],
    });
    expect((await errorOf(discover())).code).toBe("OAUTH_DISCOVERY_FAILED");
  });

  it("never follows a metadata pointer to an internal address", async () => {
    const err = await errorOf(discover("/mcp", 'Bearer resource_metadata="http://169.254.169.254/latest/meta-data/"'));
    expect(err).toMatchObject({ code: "URL_NOT_ALLOWED" });
  });

  it("says so when the metadata the challenge names cannot be read", async () => {
    const err = await errorOf(discover("/mcp", `Bearer resource_metadata="${auth.origin}/missing"`));
    expect(err.message).toBe(
      "The server requires sign-in but its protected resource metadata (RFC 9728) could not be read.",
    );
    expect((err.details?.steps as unknown[]).length).toBe(1);
  });
});

describe("OAuth discovery for MCP 2025-03-26 servers (no protected resource metadata)", () => {
  it("reads the authorization server metadata at the MCP server's root", async () => {
    auth.put("/.well-known/oauth-authorization-server", asMeta(auth.origin));
    const found = await discover();
    expect(found.legacy).toBe("metadata");
    expect(found.authServer.token_endpoint).toBe(`${auth.origin}/token`);
    expect(found.resource).toEqual({ resource: `${auth.origin}/mcp`, authorization_servers: [auth.origin] });
    expect(auth.requested).toEqual([
      "/.well-known/oauth-protected-resource/mcp",
      "/.well-known/oauth-protected-resource",
      "/.well-known/oauth-authorization-server",
    ]);
  });

  it("falls back to /authorize, /token and /register at the server's origin when there is no metadata", async () => {
    const found = await discover();
    expect(found.legacy).toBe("default-endpoints");
    expect(found.authServer).toMatchObject({
      issuer: auth.origin,
      authorization_endpoint: `${auth.origin}/authorize`,
      token_endpoint: `${auth.origin}/token`,
      registration_endpoint: `${auth.origin}/register`,
      code_challenge_methods_supported: ["S256"],
    });
    expect(found.steps.at(-1)).toMatchObject({ name: "default endpoints (MCP 2025-03-26)", outcome: "ok" });
  });

  it("refuses root metadata naming another issuer than the URL it came from, with no fallback (RFC 8414 §3.3)", async () => {
    auth.put("/.well-known/oauth-authorization-server", asMeta(`${auth.origin}/oauth`));
    const err = await errorOf(discover());
    expect(err.message).toMatch(/issuer is http:\/\/127\.0\.0\.1:\d+\/oauth, not .*: refusing it/);
    expect(auth.requested).not.toContain("/register");
  });

  it("falls back only when the metadata is missing, not when it is broken", async () => {
    auth.challenge("/.well-known/oauth-authorization-server", "Bearer");
    expect((await errorOf(discover())).code).toBe("OAUTH_DISCOVERY_FAILED");
  });
});
