// The OAuth client steps for MCP servers that require sign-in, against a strict local
// authorization server (groundwork for OAuth connectors).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import {
  authorizationRequest,
  checkCallback,
  exchangeCode,
  refreshTokenSet,
  registerClient,
} from "@/server/connectors/oauth/client";
import { discoverOAuth } from "@/server/connectors/oauth/discovery";
import { parseOutboundAllow } from "@/server/connectors/outbound";
import { startFakeAuth, type FakeAuth } from "../support/fake-auth-server";

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

async function errorOf(p: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected a failure");
}

async function signIn() {
  const resource = `${auth.origin}/mcp`;
  const { authServer } = await discoverOAuth(new URL(resource), { policy: net().policy, signal: net().signal });
  const client = await registerClient(authServer, { redirectUri, clientName: "Connectors", ...net() });
  const request = await authorizationRequest(authServer, client, { redirectUri, resource, scopes: ["mcp"] });
  const consent = await fetch(request.url, { redirect: "manual" });
  const callback = new URL(consent.headers.get("location")!);
  return { authServer, client, request, callback, resource };
}

describe("OAuth client", () => {
  it("registers, authorizes with PKCE S256 and the resource, checks the callback and gets tokens", async () => {
    const { authServer, client, request, callback, resource } = await signIn();
    expect(auth.as.clients.get(client.clientId)).toEqual([redirectUri]);
    const url = new URL(request.url);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("resource")).toBe(resource);
    const code = checkCallback(callback.searchParams, { state: request.state, issuer: auth.origin, issRequired: true });
    const tokens = await exchangeCode(authServer, client, {
      code,
      verifier: request.verifier,
      redirectUri,
      resource,
      ...net(),
    });
    expect(tokens.accessToken).toMatch(/^at-/);
    expect(auth.as.tokenRequests.at(-1)).toMatchObject({ grant_type: "authorization_code", resource });

    const refreshed = await refreshTokenSet(authServer, client, tokens, { resource, ...net() });
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
  });

  it("refuses a callback with another state or issuer", async () => {
    const { request, callback } = await signIn();
    expect(
      (
        await errorOf(() =>
          checkCallback(callback.searchParams, { state: "other", issuer: auth.origin, issRequired: true }),
        )
      ).message,
    ).toMatch(/state mismatch/);
    expect(
      (
        await errorOf(() =>
          checkCallback(callback.searchParams, {
            state: request.state,
            issuer: "https://evil.example",
            issRequired: true,
          }),
        )
      ).message,
    ).toMatch(/issuer mismatch/);
    const noIss = new URLSearchParams(callback.searchParams);
    noIss.delete("iss");
    expect(
      (await errorOf(() => checkCallback(noIss, { state: request.state, issuer: auth.origin, issRequired: true })))
        .message,
    ).toMatch(/issuer mismatch/);
  });

  it("is refused by the server with a wrong verifier", async () => {
    const { authServer, client, request, callback, resource } = await signIn();
    const code = checkCallback(callback.searchParams, { state: request.state, issuer: auth.origin, issRequired: true });
    expect(
      (await errorOf(exchangeCode(authServer, client, { code, verifier: "wrong", redirectUri, resource, ...net() })))
        .message,
    ).toMatch(/invalid_grant/);
  });

  it("asks the user to sign in again when the refresh token was revoked", async () => {
    const { authServer, client, request, callback, resource } = await signIn();
    const code = checkCallback(callback.searchParams, { state: request.state, issuer: auth.origin, issRequired: true });
    const tokens = await exchangeCode(authServer, client, {
      code,
      verifier: request.verifier,
      redirectUri,
      resource,
      ...net(),
    });
    auth.as.revokeAll();
    expect((await errorOf(refreshTokenSet(authServer, client, tokens, { resource, ...net() }))).code).toBe(
      "OAUTH_REAUTH_REQUIRED",
    );
  });
});
