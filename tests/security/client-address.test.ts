// Finding: a different X-Forwarded-For per request dodged every per-address limit (the app
// took the header's last entry, which `next start` leaves as the client sent it).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import { authOptions } from "@/server/auth/options";
import { startMcpServer, type TestServer } from "../support/mcp-servers";
import { useTestDatabase } from "../support/db";
import { sessionCookie } from "../support/session";
import { signedInCaller } from "../support/trpc";
import { count } from "./report";
import { fromPeer, trpcMutation } from "./support";

useTestDatabase();

const spoofed = (i: number) => `203.0.113.${i + 1}`;
let server: TestServer;

beforeAll(async () => {
  server = await startMcpServer();
  process.env.SIGNUPS_PER_HOUR = "20";
  process.env.CONNECTION_TESTS_PER_MINUTE = "3";
  process.env.SIGNIN_MAX_FAILURES = "3";
  resetEnvForTests();
});
afterAll(async () => {
  for (const name of ["SIGNUPS_PER_HOUR", "CONNECTION_TESTS_PER_MINUTE", "SIGNIN_MAX_FAILURES"])
    delete process.env[name];
  resetEnvForTests();
  await server.close();
});

describe("a spoofed X-Forwarded-For", () => {
  it("does not lift the sign-up limit: 22 sign-ups from one machine, 20 accepted", async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 22; i++) {
      count("probes");
      const res = await trpcMutation(
        "account.signUp",
        { email: `spoof${i}-${Date.now()}@example.com`, password: "a long enough password" },
        fromPeer("198.51.100.20", { "x-forwarded-for": spoofed(i), "x-real-ip": spoofed(i) }),
      );
      outcomes.push(res.appCode ?? "ok");
    }
    const refused = outcomes.filter((o) => o === "RATE_LIMITED").length;
    count("refused", refused);
    expect(outcomes.slice(0, 20).every((o) => o === "ok")).toBe(true);
    expect(outcomes.slice(20)).toEqual(["RATE_LIMITED", "RATE_LIMITED"]);
  });

  it("does not lift the per-address sign-in throttle", async () => {
    const credentials = authOptions().providers.find((p) => p.id === "credentials") as unknown as {
      options: { authorize: (c: unknown, req: { headers: Record<string, string> }) => Promise<unknown> };
    };
    const outcomes: string[] = [];
    for (let i = 0; i < 8; i++) {
      count("probes");
      const headers = Object.fromEntries(fromPeer("198.51.100.30", { "x-forwarded-for": spoofed(i) }));
      try {
        await credentials.options.authorize(
          { email: `nobody${i}@example.com`, password: "wrong password" },
          { headers },
        );
        outcomes.push("ok");
      } catch (err) {
        outcomes.push((err as Error).message.split(":")[0]!);
      }
    }
    const refused = outcomes.filter((o) => o === "RATE_LIMITED").length;
    count("refused", refused);
    expect(outcomes.slice(0, 3)).toEqual(["INVALID_CREDENTIALS", "INVALID_CREDENTIALS", "INVALID_CREDENTIALS"]);
    expect(refused).toBeGreaterThanOrEqual(4);
  });

  it("does not lift the per-address connection-test limit", async () => {
    const outcomes: string[] = [];
    for (let u = 0; u < 4; u++) {
      const { user } = await signedInCaller();
      for (let i = 0; i < 3; i++) {
        count("probes");
        const headers = fromPeer("198.51.100.40", {
          "x-forwarded-for": spoofed(u * 3 + i),
          cookie: await sessionCookie(user),
        });
        const res = await trpcMutation("connectors.test", { url: server.url, auth: { type: "none" } }, headers);
        outcomes.push(res.appCode ?? "ok");
      }
    }
    // 3 per user, 9 per address
    const refused = outcomes.filter((o) => o === "RATE_LIMITED").length;
    count("refused", refused);
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(9);
    expect(refused).toBe(3);
  });
});
