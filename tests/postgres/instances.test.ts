// Two app processes against one PostgreSQL behave as one: sign-in throttling, connection
// test limits, alert episodes and OAuth token refreshes hold across both. Runs in the PostgreSQL pass
// (npm run test:postgres), because PGlite belongs to a single process.
import { describe, expect, it } from "vitest";
import { signUp } from "@/server/auth/accounts";
import { insertConnectorWithinLimit } from "@/server/db/connectors";
import { beginAuthorization, connectorRedirectUri, finishAuthorization } from "@/server/oauth/provider";
import { discoverOAuth } from "@/server/oauth/discovery";
import { parseOutboundAllow } from "@/server/platform/outbound";
import { buildConnectorRow } from "../support/builders";
import { report } from "../support/count";
import { startOAuthMcp } from "../support/fake-auth-server";
import { useTwoInstances, type Instance } from "../support/instances";

const instances = useTwoInstances("tests/support/instance-child.ts", {
  SIGNIN_MAX_FAILURES: "4",
  CONNECTION_TESTS_PER_MINUTE: "5",
  CONNECTOR_FAILURE_THRESHOLD: "3",
});

describe("two instances, one database", () => {
  it("share the sign-in throttle", async () => {
    const [a, b] = instances as [Instance, Instance];
    await signUp({ email: "shared@example.com", password: "the right password" });
    const wrong = { op: "signin", email: "shared@example.com", password: "wrong password!", ip: "198.51.100.1" };
    expect([await a.call(wrong), await a.call(wrong), await b.call(wrong), await b.call(wrong)]).toEqual(
      Array(4).fill("INVALID_CREDENTIALS"),
    );
    expect(await a.call({ ...wrong, password: "the right password" })).toBe("RATE_LIMITED");
    expect(await b.call({ ...wrong, password: "the right password" })).toBe("RATE_LIMITED");
  });

  it("share the connection test limit", async () => {
    const [a, b] = instances as [Instance, Instance];
    const { id: userId } = await signUp({ email: "tester@example.com", password: "the right password" });
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await (i % 2 ? b : a).call({ op: "test", userId, ip: "198.51.100.2" }));
    expect(results).toEqual(["ok", "ok", "ok", "ok", "ok", "RATE_LIMITED"]);
  });

  it("raise one alert per episode whichever instance sees the failures", async () => {
    const [a, b] = instances as [Instance, Instance];
    const { id: userId } = await signUp({ email: "alerts@example.com", password: "the right password" });
    const row = buildConnectorRow({
      id: "shared-connector",
      userId,
      name: "Shared",
      url: "https://mcp.example.com/mcp",
    });
    const inserted = await insertConnectorWithinLimit(row, 10);
    expect(inserted.ok).toBe(true);
    const fail = { op: "fail", userId, connectorId: "shared-connector" };
    const episodes = await Promise.all([
      a.call(fail),
      b.call(fail),
      a.call(fail),
      b.call(fail),
      a.call(fail),
      b.call(fail),
    ]);
    expect(episodes.filter((e) => e === "started")).toHaveLength(1);
  });

  it("refresh an OAuth connector's tokens once, whichever instances ask at the same time", async () => {
    const [a, b] = instances as [Instance, Instance];
    const mcp = await startOAuthMcp();
    try {
      const net = () => ({ policy: parseOutboundAllow("127.0.0.1"), signal: AbortSignal.timeout(5000) });
      const discovered = await discoverOAuth(new URL(mcp.url), net());
      const request = await beginAuthorization(mcp.url, discovered, {
        scopes: [],
        state: "instances",
        redirectUri: connectorRedirectUri(),
        ...net(),
      });
      const code = new URL(
        (await fetch(request.url, { redirect: "manual" })).headers.get("location")!,
      ).searchParams.get("code")!;
      const tokens = await finishAuthorization(mcp.url, discovered, {
        client: request.client,
        code,
        verifier: request.verifier,
        redirectUri: connectorRedirectUri(),
        ...net(),
      });
      const { id: userId } = await signUp({ email: "oauth@example.com", password: "the right password" });
      const creds = {
        type: "oauth",
        resource: discovered.resource.resource,
        resourceMetadata: discovered.resource,
        authServer: discovered.authServer,
        client: request.client,
        scopes: [],
        tokens,
      };
      expect(await a.call({ op: "seed-oauth", userId, connectorId: "oauth-connector", url: mcp.url, creds })).toBe(
        "ok",
      );

      mcp.as.expireAccessTokens();
      mcp.as.refreshDelayMs = 300;
      const ask = { op: "refresh", userId, connectorId: "oauth-connector", stale: tokens.accessToken };
      const results = await Promise.all([a.call(ask), b.call(ask), a.call(ask), b.call(ask)]);
      expect(results[0]).toMatch(/^at-/);
      expect(new Set(results).size).toBe(1);
      expect(mcp.as.refreshCount()).toBe(1);
    } finally {
      await mcp.close();
    }
    report("instances", 4, "limits, alerts and OAuth refresh held across 2 processes");
  });
});
