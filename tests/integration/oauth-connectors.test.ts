// OAuth connectors end to end at the service layer: a local authorization server and an
// MCP server that accepts only its tokens, a real database, and the browser's part (the
// popup following the authorization server's redirect) played by fetch.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import type { OAuthStartResponse } from "@/lib/schemas/connectors";
import { findConnector } from "@/server/db/connectors";
import { prisma } from "@/server/db/client";
import { executeTool } from "@/server/agent/execute";
import { loadUserTools } from "@/server/agent/toolset";
import { mcpPool } from "@/server/connectors/pool";
import { completeConnectorOAuth } from "@/server/connectors/oauth-flow";
import { refreshUnderLease } from "@/server/connectors/oauth-tokens";
import { handleClientMetadata } from "@/server/connectors/routes";
import { randomBytes } from "node:crypto";
import { secrets } from "@/server/platform/secrets";
import { decryptCredentials, type Keyring } from "@/server/platform/encryption";
import { oauthClientBinding } from "@/server/platform/bindings";
import { rotateCredentialKeys } from "@/server/ops/key-rotation";
import { makeTools, startMcpServer } from "../support/mcp-servers";
import { startOAuthMcp, type OAuthMcp } from "../support/fake-auth-server";
import { captureLogs } from "../support/logs";
import { useTestDatabase } from "../support/db";
import { signedInCaller } from "../support/trpc";
import { errorOf } from "../support/errors";

useTestDatabase();
const logs = captureLogs();
const servers: OAuthMcp[] = [];

async function server(opts: Parameters<typeof startOAuthMcp>[0] = {}): Promise<OAuthMcp> {
  const s = await startOAuthMcp({
    mcp: {
      tools: [
        ...makeTools(2),
        { name: "admin_report", description: "Needs the admin scope", inputSchema: { type: "object" } },
      ],
    },
    ...opts,
  });
  servers.push(s);
  return s;
}

afterEach(async () => {
  await mcpPool().closeAll();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});
beforeAll(() => {
  resetEnvForTests();
});

/** What the popup does: follow the authorization URL to our callback. */
async function consent(start: OAuthStartResponse): Promise<URL> {
  const res = await fetch(start.authorizeUrl, { redirect: "manual" });
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location")!);
}

/** Our callback route's part: the answer, at the address it arrived at. */
function complete(userId: string, back: URL, params = back.searchParams) {
  return completeConnectorOAuth(userId, params, back.pathname);
}

type Session = Awaited<ReturnType<typeof signedInCaller>>;

async function signIn(
  s: Session,
  mcp: OAuthMcp,
  extra: { connectorId?: string; clientId?: string; clientSecret?: string } = {},
) {
  const start = await s.caller.connectors.oauthStart({ url: mcp.url, ...extra });
  const done = await complete(s.user.id, await consent(start));
  return { start, done };
}

async function addOAuthConnector(mcp: OAuthMcp, name = "Tracker") {
  const s = await signedInCaller();
  const { start } = await signIn(s, mcp);
  const connector = await s.caller.connectors.create({
    name,
    url: mcp.url,
    auth: { type: "oauth", attemptId: start.attemptId },
  });
  return { ...s, connector, start };
}

async function storedRefreshToken(userId: string, connectorId: string): Promise<string> {
  const row = await findConnector(userId, connectorId);
  return decryptCredentials<{ tokens: { refreshToken: string } }>(row!.encryptedCredentials!, {
    userId,
    subjectId: connectorId,
  }).tokens.refreshToken;
}

async function callTool(userId: string, name: string) {
  const { tools, unavailable } = await loadUserTools(userId);
  const tool = [...tools.values()].find((t) => t.originalName === name);
  if (!tool) return { unavailable, outcome: null };
  return { unavailable, outcome: await executeTool(userId, tool, {}) };
}

describe("discovery and sign-in", () => {
  it("offers OAuth when a test without credentials gets a Bearer challenge, with the discovery steps", async () => {
    const mcp = await server();
    const s = await signedInCaller();
    const result = await s.caller.connectors.test({ url: mcp.url, auth: { type: "none" } });
    expect(result.code).toBe("AUTH_FAILED");
    expect(result.oauth?.issuer).toBe(mcp.origin);
    // The header's resource_metadata pointer was used, not a guessed path.
    expect(result.oauth?.steps.map((st) => [st.url, st.outcome])).toEqual([
      [`${new URL(mcp.url).origin}/.well-known/oauth-protected-resource/mcp`, "ok"],
      [`${mcp.origin}/.well-known/oauth-authorization-server`, "ok"],
    ]);
    expect(result.hint).toMatch(/OAuth sign-in/);
  });

  it("says a server that answers without sign-in needs none, instead of looking for metadata", async () => {
    const plain = await startMcpServer({ tools: makeTools(1) });
    try {
      const { caller } = await signedInCaller();
      const err = await errorOf(caller.connectors.oauthStart({ url: plain.url }));
      expect(err).toMatchObject({ code: "OAUTH_DISCOVERY_FAILED", details: { signInNotNeeded: true } });
      expect(err.message).toBe("This server does not ask for sign-in: choose None.");
    } finally {
      await plain.close();
    }
  });

  it("registers dynamically, signs in with PKCE and resource, tests and saves with encrypted tokens", async () => {
    const mcp = await server();
    const s = await signedInCaller();
    const { start, done } = await signIn(s, mcp);
    expect(start).toMatchObject({ issuer: mcp.origin, clientSource: "registered", scopes: ["mcp"] });
    expect(start.steps.every((st) => st.outcome === "ok")).toBe(true);
    expect(mcp.as.clients.size).toBe(1);
    // The server checked PKCE (verifier against challenge) and the resource on both requests.
    const authorize = mcp.as.authorizeRequests.at(-1)!;
    expect(authorize.get("code_challenge_method")).toBe("S256");
    expect(authorize.get("resource")).toBe(mcp.url);
    const exchange = mcp.as.tokenRequests.at(-1)!;
    expect(exchange).toMatchObject({ grant_type: "authorization_code", resource: mcp.url });
    expect(exchange.code_verifier).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    expect(done.account).toBe("alice@example.com");

    const test = await s.caller.connectors.test({ url: mcp.url, auth: { type: "oauth", attemptId: start.attemptId } });
    expect(test).toMatchObject({ ok: true, code: null, account: "alice@example.com" });
    expect(test.steps.find((st) => st.name === "authenticate")?.detail).toBe("signed in as alice@example.com");

    const created = await s.caller.connectors.create({
      name: "Tracker",
      url: mcp.url,
      auth: { type: "oauth", attemptId: start.attemptId },
    });
    expect(created).toMatchObject({
      authType: "oauth",
      status: "connected",
      toolCount: 3,
      oauth: { issuer: mcp.origin, account: "alice@example.com", needsSignIn: false },
    });
    const row = await findConnector(s.user.id, created.id);
    const accessToken = mcp.seenTokens.at(-1)!;
    expect(row?.encryptedCredentials).not.toContain(accessToken);
    expect(JSON.stringify(await s.caller.connectors.list())).not.toContain(accessToken);
    expect(logs.raw()).not.toContain(accessToken);
    // The sign-in is used up by the save.
    expect(
      (
        await errorOf(
          s.caller.connectors.create({
            name: "Again",
            url: mcp.url,
            auth: { type: "oauth", attemptId: start.attemptId },
          }),
        )
      ).message,
    ).toMatch(/Sign in first/);

    // Another user signing in at the same server reuses the client registered for it.
    const other = await signedInCaller();
    expect((await signIn(other, mcp)).start.clientSource).toBe("registered");
    expect(mcp.as.clients.size).toBe(1);
    expect(await prisma().oAuthClient.count()).toBe(1);
  });

  it("uses a client id and secret the user entered, and asks for one when the server cannot register", async () => {
    const mcp = await server({ registration: false });
    mcp.as.preRegister("my-client", "my-secret", ["http://localhost:3000/api/connectors/oauth/callback"]);
    const s = await signedInCaller();
    const refused = await errorOf(s.caller.connectors.oauthStart({ url: mcp.url }));
    expect(refused.code).toBe("OAUTH_FAILED");
    expect(refused.message).toMatch(/client id/);

    const { start } = await signIn(s, mcp, { clientId: "my-client", clientSecret: "my-secret" });
    expect(start.clientSource).toBe("entered");
    // The server checked the secret, sent the way it prefers (the Authorization header).
    expect(mcp.as.tokenRequests.at(-1)).toMatchObject({
      client_id: "my-client",
      client_auth: "client_secret_basic",
      grant_type: "authorization_code",
    });
    const created = await s.caller.connectors.create({
      name: "Own client",
      url: mcp.url,
      auth: { type: "oauth", attemptId: start.attemptId },
    });
    expect(created.oauth?.clientId).toBe("my-client");
    expect(JSON.stringify(created)).not.toContain("my-secret");
    expect(mcp.requested).not.toContain("/register");
  });

  it("uses an administrator's client for that issuer", async () => {
    const mcp = await server({ registration: false });
    mcp.as.preRegister("admin-client", null, ["http://localhost:3000/api/connectors/oauth/callback"]);
    process.env.OAUTH_CLIENTS = JSON.stringify({ [mcp.origin]: { clientId: "admin-client" } });
    resetEnvForTests();
    try {
      const s = await signedInCaller();
      const { start } = await signIn(s, mcp);
      expect(start.clientSource).toBe("administrator");
      expect(mcp.as.tokenRequests.at(-1)?.client_id).toBe("admin-client");
    } finally {
      delete process.env.OAUTH_CLIENTS;
      resetEnvForTests();
    }
  });

  it("uses this app's Client ID Metadata Document when the app has an HTTPS address and the server supports it", async () => {
    const mcp = await server({ clientMetadataDocuments: true });
    process.env.NEXTAUTH_URL = "https://connectors.example.com";
    resetEnvForTests();
    try {
      const s = await signedInCaller();
      const start = await s.caller.connectors.oauthStart({ url: mcp.url });
      expect(start.clientSource).toBe("metadata_document");
      expect(new URL(start.authorizeUrl).searchParams.get("client_id")).toBe(
        "https://connectors.example.com/oauth/client-metadata.json",
      );
      expect(mcp.requested).not.toContain("/register");
      const doc = (await handleClientMetadata().json()) as Record<string, unknown>;
      expect(doc).toMatchObject({
        client_id: "https://connectors.example.com/oauth/client-metadata.json",
        redirect_uris: ["https://connectors.example.com/api/connectors/oauth/callback"],
        token_endpoint_auth_method: "none",
      });
    } finally {
      delete process.env.NEXTAUTH_URL;
      resetEnvForTests();
    }
  });

  it("uses the Client ID Metadata Document URL an administrator configured, whatever the app's address", async () => {
    const mcp = await server({ clientMetadataDocuments: true });
    const url = "https://static.example.com/connectors/client-metadata.json";
    process.env.OAUTH_CLIENT_METADATA_URL = url;
    resetEnvForTests();
    try {
      const s = await signedInCaller();
      const start = await s.caller.connectors.oauthStart({ url: mcp.url });
      expect(start.clientSource).toBe("metadata_document");
      expect(new URL(start.authorizeUrl).searchParams.get("client_id")).toBe(url);
      expect(mcp.requested).not.toContain("/register");
      expect(await handleClientMetadata().json()).toMatchObject({ client_id: url });
    } finally {
      delete process.env.OAUTH_CLIENT_METADATA_URL;
      resetEnvForTests();
    }
  });

  it("refuses a callback with an unknown or replayed state, another user's state, or another issuer", async () => {
    const mcp = await server();
    const s = await signedInCaller();
    const start = await s.caller.connectors.oauthStart({ url: mcp.url });
    const back = await consent(start);
    const params = back.searchParams;

    const forged = new URLSearchParams(params);
    forged.set("state", "not-a-state-we-issued");
    expect((await errorOf(complete(s.user.id, back, forged))).message).toMatch(/does not match a sign-in you started/);

    const intruder = await signedInCaller();
    expect((await errorOf(complete(intruder.user.id, back))).code).toBe("OAUTH_FAILED");

    const wrongIssuer = new URLSearchParams(params);
    wrongIssuer.set("iss", "https://evil.example");
    expect((await errorOf(complete(s.user.id, back, wrongIssuer))).message).toMatch(/issuer mismatch/);
    // The attempt was spent by that answer: even the genuine one is refused now.
    expect((await errorOf(complete(s.user.id, back))).code).toBe("OAUTH_FAILED");
    expect(mcp.as.tokenRequests).toHaveLength(0);
  });

  it("needs the sign-in to be for the URL being saved", async () => {
    const mcp = await server();
    const s = await signedInCaller();
    const { start } = await signIn(s, mcp);
    const err = await errorOf(
      s.caller.connectors.create({
        name: "Moved",
        url: `${mcp.url}/other`,
        auth: { type: "oauth", attemptId: start.attemptId },
      }),
    );
    expect(err.message).toMatch(/another URL/);
  });
});

describe("tokens in use", () => {
  it("refreshes a token that is about to expire before using it", async () => {
    const mcp = await server();
    mcp.as.tokenLifetimeSec = 30; // inside the one-minute margin: due for refresh at once
    const { user } = await addOAuthConnector(mcp);
    const before = mcp.as.refreshCount();
    const { outcome } = await callTool(user.id, "tool_1");
    expect(outcome?.ok).toBe(true);
    expect(mcp.as.refreshCount()).toBeGreaterThan(before);
    expect(mcp.as.tokenRequests.at(-1)).toMatchObject({ grant_type: "refresh_token", resource: mcp.url });
  });

  it("refreshes once and retries when the server refuses the token with 401", async () => {
    const mcp = await server();
    const { user, connector } = await addOAuthConnector(mcp);
    const stored = (await findConnector(user.id, connector.id))!.encryptedCredentials;
    mcp.as.expireAccessTokens();
    const { outcome, unavailable } = await callTool(user.id, "tool_2");
    expect(unavailable).toEqual([]);
    expect(outcome).toMatchObject({ ok: true });
    expect(mcp.as.refreshCount()).toBe(1);
    // The new tokens were stored (encrypted) for the next use and other instances.
    expect((await findConnector(user.id, connector.id))!.encryptedCredentials).not.toBe(stored);
  });

  it("refreshes once for many concurrent requests, in this process and through the database lease", async () => {
    const mcp = await server();
    mcp.as.refreshDelayMs = 300;
    const { user } = await addOAuthConnector(mcp);
    const { tools } = await loadUserTools(user.id);
    const tool = [...tools.values()].find((t) => t.originalName === "tool_1")!;
    // The pooled connection stays open: every call below is refused with 401 on its own.
    mcp.as.expireAccessTokens();
    const refused = mcp.seenTokens.length;
    const results = await Promise.all(Array.from({ length: 8 }, () => executeTool(user.id, tool, { text: "hi" })));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(mcp.as.refreshCount()).toBe(1);
    expect(mcp.seenTokens.length - refused).toBeGreaterThanOrEqual(16); // 8 refused + 8 retried

    // Several "instances" (no shared memory, only the database) refreshing together.
    const { connector } = await addOAuthConnector(mcp, "Second");
    const owner = (await prisma().userMCPConnection.findUniqueOrThrow({ where: { id: connector.id } })).userId;
    const stale = mcp.seenTokens.at(-1)!;
    mcp.as.expireAccessTokens();
    const refreshesBefore = mcp.as.refreshCount();
    const tokens = await Promise.all(Array.from({ length: 5 }, () => refreshUnderLease(owner, connector.id, stale)));
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(stale);
    expect(mcp.as.refreshCount() - refreshesBefore).toBe(1);
    expect(
      (await prisma().userMCPConnection.findUniqueOrThrow({ where: { id: connector.id } })).refreshLockUntil,
    ).toBeNull();
  });

  it("marks the connector 'needs sign-in' when the refresh token is revoked, keeps its settings, and signs in again", async () => {
    const mcp = await server();
    const { user, caller, connector } = await addOAuthConnector(mcp);
    mcp.as.revokeAll();
    mcp.as.expireAccessTokens();
    // The call connects, is refused, and says what to do (no retry: waiting would not help).
    const { outcome } = await callTool(user.id, "tool_1");
    expect(outcome).toMatchObject({ ok: false, errorCode: "OAUTH_REAUTH_REQUIRED" });
    expect(outcome?.text).toMatch(/Sign in again/);
    // The next message leaves the connector out and says why.
    const { unavailable } = await loadUserTools(user.id);
    expect(unavailable).toMatchObject([{ connectorId: connector.id, code: "OAUTH_REAUTH_REQUIRED" }]);
    expect(unavailable[0]?.message).toMatch(/Sign in again/);

    const [listed] = await caller.connectors.list();
    expect(listed).toMatchObject({
      id: connector.id,
      name: "Tracker",
      url: mcp.url,
      enabled: true,
      toolCount: 3,
      status: "needs_sign_in",
      oauth: { needsSignIn: true },
    });
    expect(listed?.oauth?.reason).toMatch(/no longer accepts/);
    // A refused sign-in is not a failing server: no failure episode is counted.
    expect(listed?.consecutiveFailures).toBe(0);

    const { done } = await signIn({ user, caller }, mcp, { connectorId: connector.id });
    expect(done.connectorId).toBe(connector.id);
    const [after] = await caller.connectors.list();
    expect(after).toMatchObject({
      id: connector.id,
      name: "Tracker",
      status: "connected",
      oauth: { needsSignIn: false, account: "alice@example.com" },
    });
    expect((await callTool(user.id, "tool_1")).outcome?.ok).toBe(true);
  });

  it("asks to sign in again with the union of scopes when a tool needs more (403 insufficient_scope)", async () => {
    const mcp = await server({ toolScopes: { admin_report: "admin" } });
    const { user, caller, connector } = await addOAuthConnector(mcp);
    const { outcome } = await callTool(user.id, "admin_report");
    expect(outcome).toMatchObject({ ok: false, errorCode: "OAUTH_REAUTH_REQUIRED" });
    const [listed] = await caller.connectors.list();
    expect(listed?.status).toBe("needs_sign_in");
    expect(listed?.oauth?.reason).toMatch(/admin/);
    expect(listed?.consecutiveFailures).toBe(0);

    const { start } = await signIn({ user, caller }, mcp, { connectorId: connector.id });
    expect(start.scopes.sort()).toEqual(["admin", "mcp"]);
    expect(mcp.as.authorizeRequests.at(-1)?.get("scope")?.split(" ").sort()).toEqual(["admin", "mcp"]);
    expect((await callTool(user.id, "admin_report")).outcome?.ok).toBe(true);
  });

  it("re-encrypts registered clients and OAuth tokens when the key rotates", async () => {
    const mcp = await server();
    const { user, connector } = await addOAuthConnector(mcp);
    const current = secrets();
    const ring: Keyring = {
      keys: [...current.keys, { version: current.activeKeyVersion + 1, key: randomBytes(32) }],
      activeKeyVersion: current.activeKeyVersion + 1,
    };
    const report = await rotateCredentialKeys(ring);
    expect(report.failures).toEqual([]);
    const onlyNew: Keyring = { keys: ring.keys.slice(-1), activeKeyVersion: ring.activeKeyVersion };
    const client = await prisma().oAuthClient.findFirstOrThrow({ where: { issuer: mcp.origin } });
    expect(client.keyVersion).toBe(ring.activeKeyVersion);
    expect(
      decryptCredentials<{ clientId: string }>(
        client.encryptedClient,
        oauthClientBinding(client.issuer, client.redirectUri),
        onlyNew,
      ).clientId,
    ).toMatch(/^client-/);
    const row = await findConnector(user.id, connector.id);
    expect(
      decryptCredentials<{ type: string }>(
        row!.encryptedCredentials!,
        { userId: user.id, subjectId: connector.id },
        onlyNew,
      ).type,
    ).toBe("oauth");
  });

  it("revokes the sign-in at the authorization server when the connector is deleted", async () => {
    const mcp = await server();
    const { user, caller, connector } = await addOAuthConnector(mcp);
    const refreshToken = await storedRefreshToken(user.id, connector.id);
    expect(mcp.as.revoked).toEqual([]);
    await caller.connectors.delete({ id: connector.id });
    expect(mcp.as.revoked).toEqual([refreshToken]);
    expect(await caller.connectors.list()).toEqual([]);
  });

  it("revokes the sign-in when the connector switches from OAuth to another kind of auth", async () => {
    const mcp = await server();
    const { user, caller, connector } = await addOAuthConnector(mcp);
    const refreshToken = await storedRefreshToken(user.id, connector.id);
    const plain = await startMcpServer({ requireHeaders: { authorization: "Bearer t" } });
    try {
      const updated = await caller.connectors.update({
        id: connector.id,
        url: plain.url,
        auth: { type: "bearer", token: "t" },
      });
      expect(updated).toMatchObject({ authType: "bearer", oauth: null, status: "connected" });
      expect(mcp.as.revoked).toEqual([refreshToken]);
    } finally {
      await plain.close();
    }
  });

  it("signs in again only an OAuth connector, at its saved URL", async () => {
    const mcp = await server();
    const { caller, connector } = await addOAuthConnector(mcp);
    const moved = await errorOf(
      caller.connectors.oauthStart({ url: `${mcp.url}/elsewhere`, connectorId: connector.id }),
    );
    expect(moved).toMatchObject({ code: "VALIDATION" });
    expect(moved.message).toMatch(/saved URL/);
    const plain = await startMcpServer({ requireHeaders: { authorization: "Bearer t" } });
    try {
      const bearer = await caller.connectors.create({
        name: "Plain",
        url: plain.url,
        auth: { type: "bearer", token: "t" },
      });
      expect((await errorOf(caller.connectors.oauthStart({ url: plain.url, connectorId: bearer.id }))).message).toMatch(
        /does not use OAuth/,
      );
    } finally {
      await plain.close();
    }
  });

  it("never lets another user start a sign-in for someone else's connector", async () => {
    const mcp = await server();
    const { connector } = await addOAuthConnector(mcp);
    const intruder = await signedInCaller();
    expect(
      (await errorOf(intruder.caller.connectors.oauthStart({ url: mcp.url, connectorId: connector.id }))).code,
    ).toBe("NOT_FOUND");
  });
});

// Last: it registers a client of its own, which the counts above do not expect.
describe("step-up servers", () => {
  it("still signs in at a server that lets anyone initialize but asks for sign-in later", async () => {
    // Like MCP's step-up servers: initialize answers without a token, tools need one.
    const mcp = await startOAuthMcp({ openMethods: ["initialize", "notifications/initialized"] });
    try {
      const s = await signedInCaller();
      const start = await s.caller.connectors.oauthStart({ url: mcp.url });
      expect(start.issuer).toBe(mcp.origin);
      expect(new URL(start.authorizeUrl).origin).toBe(mcp.origin);
    } finally {
      await mcp.close();
    }
  });
});
