// Connection tests are limited per user and per address, with a clear message.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import { AppError } from "@/lib/errors";
import { createCaller } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import { startMcpServer, type TestServer } from "../support/mcp-servers";
import { useTestDatabase } from "../support/db";
import { signedInCaller } from "../support/trpc";

useTestDatabase();
let server: TestServer;

beforeAll(async () => {
  server = await startMcpServer();
  process.env.CONNECTION_TESTS_PER_MINUTE = "3";
  resetEnvForTests();
});
afterAll(async () => {
  delete process.env.CONNECTION_TESTS_PER_MINUTE;
  resetEnvForTests();
  await server.close();
});

async function codeOf(p: Promise<unknown>) {
  try {
    await p;
    return "ok";
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof AppError ? `${cause.code}: ${cause.message}` : String(err);
  }
}

describe("connection test limits", () => {
  it("refuse a user's fourth test within a minute, without affecting another user", async () => {
    const alice = await signedInCaller();
    const bob = await signedInCaller();
    const input = { url: server.url, auth: { type: "none" as const } };
    for (let i = 0; i < 3; i++) expect(await codeOf(alice.caller.connectors.test(input))).toBe("ok");
    expect(await codeOf(alice.caller.connectors.test(input))).toMatch(
      /^RATE_LIMITED: Too many connection tests\. Try again in \d+ s\.$/,
    );
    expect(await codeOf(alice.caller.connectors.create({ name: "x", ...input }))).toMatch(/^RATE_LIMITED/);
    expect(await codeOf(bob.caller.connectors.test(input))).toBe("ok");
    expect(await codeOf(alice.caller.connectors.list())).toBe("ok");
  });

  it("refuse an address that tests for many accounts", async () => {
    const input = { url: server.url, auth: { type: "none" as const } };
    const results: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { user } = await signedInCaller();
      const caller = createCaller(
        createContext({ user: { id: user.id, email: user.email, name: null }, ip: "203.0.113.7" }),
      );
      for (let j = 0; j < 2; j++) results.push(await codeOf(caller.connectors.test(input)));
    }
    // 3 per minute per user, 9 per address
    expect(results.filter((r) => r === "ok")).toHaveLength(9);
    expect(results.at(-1)).toMatch(/^RATE_LIMITED/);
  });
});

describe("sign-up limits", () => {
  it("refuse more accounts from one address than the hourly limit", async () => {
    process.env.SIGNUPS_PER_HOUR = "2";
    resetEnvForTests();
    try {
      const fromAddress = createCaller(createContext({ user: null, ip: "192.0.2.44" }));
      const elsewhere = createCaller(createContext({ user: null, ip: "192.0.2.45" }));
      const attempt = (c: typeof fromAddress, i: number) =>
        codeOf(c.account.signUp({ email: `many${i}-${Date.now()}@example.com`, password: "a long enough password" }));
      expect([await attempt(fromAddress, 1), await attempt(fromAddress, 2)]).toEqual(["ok", "ok"]);
      expect(await attempt(fromAddress, 3)).toMatch(
        /^RATE_LIMITED: Too many accounts were created from your address\. Try again in \d+ min\.$/,
      );
      expect(await attempt(elsewhere, 4)).toBe("ok");
    } finally {
      delete process.env.SIGNUPS_PER_HOUR;
      resetEnvForTests();
    }
  });
});
