// The OAuth client steps for MCP servers that require sign-in, run by the SDK's auth()
// through our provider, against a strict local authorization server.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkCallback } from "@/server/oauth/client";
import { beginAuthorization, finishAuthorization, refreshTokens } from "@/server/oauth/provider";
import { discoverOAuth } from "@/server/oauth/discovery";
import { parseOutboundAllow } from "@/server/platform/outbound";
import { startFakeAuth, type FakeAuth } from "../support/fake-auth-server";
import { errorOf } from "../support/errors";

const net = () => ({ policy: parseOutboundAllow("127.0.0.1"), signal: AbortSignal.timeout(3000) });
const redirectUri = "http://localhost:3000/api/connectors/oauth/callback";
let auth: FakeAuth;

beforeEach(async () => {
  auth = await startFakeAuth();
  auth.put("/.well-known/oauth-protected-resource", {
    resource: `${auth.origin}/mcp`,
    authorization_servers: [auth.origin],
  });
  auth.put("/.well-known/oauth-authorization-server", {
    issuer: auth.origin,
    authorization_endpoint: `${auth.origin}/authorize`,
    token_endpoint: `${auth.origin}/token`,
    registration_endpoint: `${auth.origin}/register`,
    response_types_supported: ["code"],
    code_challenge_methods_supported: ["S256"],
    authorization_response_iss_parameter_supported: true,
  });
});
afterEach(async () => {
  await auth.close();
});

async function signIn() {
  const serverUrl = `${auth.origin}/mcp`;
  const discovered = await discoverOAuth(new URL(serverUrl), net());
  const registered: string[] = [];
  const request = await beginAuthorization(serverUrl, discovered, {
    scopes: ["mcp"],
    state: "state-1",
    redirectUri,
    onRegistered: (c) => Promise.resolve(void registered.push(c.clientId)),
    ...net(),
  });
  const consent = await fetch(request.url, { redirect: "manual" });
  const callback = new URL(consent.headers.get("location")!);
  return { serverUrl, discovered, request, callback, registered };
}

/** A finished sign-in: the callback checked and the code exchanged. */
async function signedIn() {
  const { serverUrl, discovered, request, callback, registered } = await signIn();
  const code = checkCallback(callback.searchParams, { state: "state-1", issuer: auth.origin, issRequired: true });
  const tokens = await finishAuthorization(serverUrl, discovered, {
    client: request.client,
    code,
    verifier: request.verifier,
    redirectUri,
    ...net(),
  });
  return { serverUrl, discovered, request, tokens, registered };
}

describe("OAuth client on the SDK's auth()", () => {
  it("registers, authorizes with PKCE S256 and the resource, checks the callback and gets tokens", async () => {
    const { serverUrl, discovered, request, tokens, registered } = await signedIn();
    expect(request.client.source).toBe("registered");
    expect(registered).toEqual([request.client.clientId]);
    expect(auth.as.clients.get(request.client.clientId)).toEqual([redirectUri]);
    const url = new URL(request.url);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("resource")).toBe(serverUrl);
    expect(url.searchParams.get("state")).toBe("state-1");
    expect(tokens.accessToken).toMatch(/^at-/);
    expect(auth.as.tokenRequests.at(-1)).toMatchObject({ grant_type: "authorization_code", resource: serverUrl });

    const refreshed = await refreshTokens(serverUrl, discovered, { client: request.client, tokens, ...net() });
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    expect(auth.as.tokenRequests.at(-1)).toMatchObject({ grant_type: "refresh_token", resource: serverUrl });
  });

  it("refuses a callback with another state or issuer", async () => {
    const { callback } = await signIn();
    const check = (params: URLSearchParams, state: string, issuer: string) =>
      errorOf(() => checkCallback(params, { state, issuer, issRequired: true }));
    expect((await check(callback.searchParams, "other", auth.origin)).message).toMatch(/state mismatch/);
    expect((await check(callback.searchParams, "state-1", "https://evil.example")).message).toMatch(/issuer mismatch/);
    const noIss = new URLSearchParams(callback.searchParams);
    noIss.delete("iss");
    expect((await check(noIss, "state-1", auth.origin)).message).toMatch(/issuer mismatch/);
  });

  it("is refused by the server with a wrong verifier", async () => {
    const { serverUrl, discovered, request, callback } = await signIn();
    const code = checkCallback(callback.searchParams, { state: "state-1", issuer: auth.origin, issRequired: true });
    const err = await errorOf(
      finishAuthorization(serverUrl, discovered, {
        client: request.client,
        code,
        verifier: "wrong",
        redirectUri,
        ...net(),
      }),
    );
    expect(err.code).toBe("OAUTH_FAILED");
    expect(err.message).toMatch(/invalid_grant/);
  });

  it("asks the user to sign in again when the refresh token was revoked, with one refresh request", async () => {
    const { serverUrl, discovered, request, tokens } = await signedIn();
    auth.as.revokeAll();
    const before = auth.as.refreshCount();
    expect(
      (await errorOf(refreshTokens(serverUrl, discovered, { client: request.client, tokens, ...net() }))).code,
    ).toBe("OAUTH_REAUTH_REQUIRED");
    expect(auth.as.refreshCount() - before).toBe(1);
  });

  it("reports a token endpoint that cannot be reached as a temporary failure, not a lost sign-in", async () => {
    const { serverUrl, discovered, request, tokens } = await signedIn();
    const unreachable = {
      ...discovered,
      authServer: { ...discovered.authServer, token_endpoint: "http://127.0.0.1:9/token" },
    };
    const err = await errorOf(refreshTokens(serverUrl, unreachable, { client: request.client, tokens, ...net() }));
    expect(err.code).not.toBe("OAUTH_REAUTH_REQUIRED");
    expect(err.code).toBe("OAUTH_FAILED");
  });

  it("never sends the refresh token to an address the outbound rules refuse", async () => {
    const { serverUrl, discovered, request, tokens } = await signedIn();
    const metadata = {
      ...discovered,
      authServer: { ...discovered.authServer, token_endpoint: "http://169.254.169.254/token" },
    };
    expect((await errorOf(refreshTokens(serverUrl, metadata, { client: request.client, tokens, ...net() }))).code).toBe(
      "URL_NOT_ALLOWED",
    );
  });
});
