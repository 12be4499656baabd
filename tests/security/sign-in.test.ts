// Findings: 300 parallel guesses all passed the throttle check before the first failure was
// recorded (scrypt runs in between); 5 bad attempts locked any known email for 15 minutes,
// also for its owner.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import { AppError } from "@/lib/errors";
import { authenticate } from "@/server/auth/accounts";
import { useTestDatabase } from "../support/db";
import { signedInCaller } from "../support/trpc";
import { count } from "./report";

useTestDatabase();

beforeAll(() => {
  process.env.SIGNIN_MAX_FAILURES = "5";
  resetEnvForTests();
});
afterAll(() => {
  delete process.env.SIGNIN_MAX_FAILURES;
  resetEnvForTests();
});

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
}

describe("password guessing", () => {
  it("a parallel burst of 100 guesses from one address: only 5 are checked", async () => {
    await signedInCaller({ email: "burst@example.com", password: "correct horse battery" });
    const guesses = Array.from({ length: 100 }, (_, i) =>
      outcome(authenticate({ email: "burst@example.com", password: `guess ${i} guess` }, "198.51.100.60")),
    );
    count("probes", guesses.length);
    const results = await Promise.all(guesses);
    const checked = results.filter((r) => r === "INVALID_CREDENTIALS").length;
    const refused = results.filter((r) => r === "RATE_LIMITED").length;
    count("refused", refused);
    expect(checked).toBe(5);
    expect(refused).toBe(95);
  }, 60_000);

  it("the owner still signs in from another address while the account is under attack", async () => {
    await signedInCaller({ email: "owner@example.com", password: "correct horse battery" });
    for (let i = 0; i < 12; i++) {
      count("probes");
      const r = await outcome(
        authenticate({ email: "owner@example.com", password: `guess ${i} guess` }, "198.51.100.61"),
      );
      if (r === "RATE_LIMITED") count("refused");
    }
    const me = await authenticate({ email: "owner@example.com", password: "correct horse battery" }, "192.0.2.10");
    expect(me.email).toBe("owner@example.com");
  }, 30_000);
});
