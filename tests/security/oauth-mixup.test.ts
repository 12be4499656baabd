// OAuth mix-up (RFC 9700 §4.4): a hostile authorization server's metadata must not route
// the user's sign-in at an honest server to itself. Endpoints are checked against the
// issuer, each issuer gets its own redirect URI, and `iss` is checked whenever it is sent.
import { afterAll, describe, expect, it } from "vitest";
import type { OAuthStartResponse } from "@/lib/schemas/connectors";
import { completeConnectorOAuth } from "@/server/connectors/oauth-flow";
import { checkEndpoints } from "@/server/oauth/discovery";
import { connectorRedirectUri } from "@/server/oauth/provider";
import { parseOutboundAllow } from "@/server/platform/outbound";
import { startOAuthMcp, type OAuthMcp } from "../support/fake-auth-server";
import { useTestDatabase } from "../support/db";
import { errorOf } from "../support/errors";
import { signedInCaller } from "../support/trpc";
import { count } from "./report";

useTestDatabase();
const servers: OAuthMcp[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function server(): Promise<OAuthMcp> {
  const s = await startOAuthMcp();
  servers.push(s);
  return s;
}

function metadata(issuer: string, endpoints: { authorize: string; token: string }, extra: object = {}) {
  return {
    issuer,
    authorization_endpoint: endpoints.authorize,
    token_endpoint: endpoints.token,
    registration_endpoint: `${issuer}/register`,
    response_types_supported: ["code"],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: ["none"],
    ...extra,
  };
}

/** The popup: follow the authorization URL to wherever it sends the browser back. */
async function consent(start: OAuthStartResponse): Promise<URL> {
  const res = await fetch(start.authorizeUrl, { redirect: "manual" });
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location")!);
}

describe("hostile metadata", () => {
  it("refuses an authorization endpoint at an honest server with the token endpoint at the attacker", async () => {
    const honest = await server();
    const attacker = await server();
    attacker.put(
      "/.well-known/oauth-authorization-server",
      metadata(attacker.origin, { authorize: `${honest.origin}/authorize`, token: `${attacker.origin}/token` }),
    );
    const s = await signedInCaller();
    count("probes");
    const err = await errorOf(s.caller.connectors.oauthStart({ url: attacker.url }));
    expect(err).toMatchObject({ code: "OAUTH_DISCOVERY_FAILED" });
    expect(err.message).toMatch(/sign-in address .* is not on the authorization server's own origin/);
    expect(honest.as.authorizeRequests).toHaveLength(0);
    expect(attacker.as.tokenRequests).toHaveLength(0);
    count("refused");
  });

  it("refuses a token endpoint on another origin than the issuer", async () => {
    const attacker = await server();
    const elsewhere = await server();
    attacker.put(
      "/.well-known/oauth-authorization-server",
      metadata(attacker.origin, { authorize: `${attacker.origin}/authorize`, token: `${elsewhere.origin}/token` }),
    );
    const s = await signedInCaller();
    count("probes");
    const err = await errorOf(s.caller.connectors.oauthStart({ url: attacker.url }));
    expect(err.code).toBe("OAUTH_DISCOVERY_FAILED");
    expect(err.message).toMatch(/token endpoint .* is not on the authorization server's own origin/);
    count("refused");
  });

  it.each([
    [
      "an http sign-in address on a public host",
      "https://as.example",
      "http://as.example/authorize",
      "https://as.example/token",
    ],
    [
      "an http token endpoint on a public host",
      "https://as.example",
      "https://as.example/authorize",
      "http://as.example/token",
    ],
    ["an http issuer on a public host", "http://as.example", "http://as.example/authorize", "http://as.example/token"],
    [
      "a loopback address the outbound rules do not allow",
      "http://127.0.0.2:9",
      "http://127.0.0.2:9/a",
      "http://127.0.0.2:9/t",
    ],
  ])("refuses %s", (_, issuer, authorize, token) => {
    count("probes");
    expect(() =>
      checkEndpoints(metadata(issuer, { authorize, token }), new URL(issuer), parseOutboundAllow("127.0.0.1")),
    ).toThrow(/https/);
    count("refused");
  });

  it("accepts https endpoints on the issuer's origin, and http on an allowed loopback address", () => {
    const policy = parseOutboundAllow("127.0.0.1");
    const https = metadata("https://as.example/tenant", {
      authorize: "https://as.example/oauth/authorize",
      token: "https://as.example/oauth/token",
    });
    expect(() => checkEndpoints(https, new URL("https://as.example/tenant"), policy)).not.toThrow();
    const loopback = metadata("http://127.0.0.1:4000", {
      authorize: "http://127.0.0.1:4000/authorize",
      token: "http://127.0.0.1:4000/token",
    });
    expect(() => checkEndpoints(loopback, new URL("http://127.0.0.1:4000"), policy)).not.toThrow();
  });
});

describe("a redirect URI per authorization server", () => {
  it("sends each issuer its own callback address and registers it there", async () => {
    const a = await server();
    const b = await server();
    const s = await signedInCaller();
    const startA = await s.caller.connectors.oauthStart({ url: a.url });
    const startB = await s.caller.connectors.oauthStart({ url: b.url });
    const uriA = new URL(startA.authorizeUrl).searchParams.get("redirect_uri")!;
    const uriB = new URL(startB.authorizeUrl).searchParams.get("redirect_uri")!;
    expect(uriA).toMatch(/\/api\/connectors\/oauth\/callback\/[A-Za-z0-9_-]{16,}$/);
    expect(uriA).not.toBe(uriB);
    expect([...a.as.clients.values()]).toEqual([[uriA]]);
    expect([...b.as.clients.values()]).toEqual([[uriB]]);
  });

  it("refuses an answer arriving at another issuer's callback, or at the shared one, and spends the attempt", async () => {
    const a = await server();
    const b = await server();
    const s = await signedInCaller();
    const startB = await s.caller.connectors.oauthStart({ url: b.url });
    const uriB = new URL(new URL(startB.authorizeUrl).searchParams.get("redirect_uri")!);
    for (const wrongPath of [
      new URL(connectorRedirectUri()).pathname,
      `${uriB.pathname.replace(/[^/]+$/, "")}not-this-issuer`,
    ]) {
      const startA = await s.caller.connectors.oauthStart({ url: a.url });
      const back = await consent(startA);
      count("probes");
      const err = await errorOf(completeConnectorOAuth(s.user.id, back.searchParams, wrongPath));
      expect(err).toMatchObject({ code: "OAUTH_FAILED" });
      expect(err.message).toMatch(/another authorization server/);
      // Spent: the genuine answer is refused too, and no code went to any token endpoint.
      expect((await errorOf(completeConnectorOAuth(s.user.id, back.searchParams, back.pathname))).code).toBe(
        "OAUTH_FAILED",
      );
      expect(a.as.tokenRequests).toHaveLength(0);
      count("refused");
    }
    const startA = await s.caller.connectors.oauthStart({ url: a.url });
    const back = await consent(startA);
    const done = await completeConnectorOAuth(s.user.id, back.searchParams, back.pathname);
    expect(done.account).toBe("alice@example.com");
  });

  it("checks iss whenever the server sends it, even when its metadata does not announce it", async () => {
    const a = await server();
    a.put(
      "/.well-known/oauth-authorization-server",
      metadata(a.origin, { authorize: `${a.origin}/authorize`, token: `${a.origin}/token` }),
    );
    const s = await signedInCaller();
    const back = await consent(await s.caller.connectors.oauthStart({ url: a.url }));
    const forged = new URLSearchParams(back.searchParams);
    forged.set("iss", "https://honest.example");
    count("probes");
    const err = await errorOf(completeConnectorOAuth(s.user.id, forged, back.pathname));
    expect(err.message).toMatch(/issuer mismatch/);
    expect(a.as.tokenRequests).toHaveLength(0);
    count("refused");
  });
});
