import { beforeEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import { AppError } from "@/lib/errors";
import { authenticate, signUp } from "@/server/auth/accounts";
import { accountDelayMs } from "@/server/auth/throttle";
import { findUserByEmail } from "@/server/db/users";
import { anonymousCaller, signedInCaller } from "../support/trpc";
import { useTestDatabase } from "../support/db";

useTestDatabase();

beforeEach(() => {
  process.env.SIGNIN_MAX_FAILURES = "3";
  resetEnvForTests();
});

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    const cause = (err as { cause?: unknown }).cause;
    if (cause instanceof AppError) return cause.code;
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe("sign-up", () => {
  it("creates an account with a normalised email and a password hash, never the password", async () => {
    const res = await anonymousCaller().account.signUp({
      email: "  Ada@Example.COM ",
      password: "a long enough password",
    });
    expect(res.email).toBe("ada@example.com");
    const stored = await findUserByEmail("ada@example.com");
    expect(stored?.passwordHash).toMatch(/^scrypt\$/);
    expect(stored?.passwordHash).not.toContain("a long enough password");
  });

  it("refuses an email that already has an account", async () => {
    await signUp({ email: "taken@example.com", password: "a long enough password" });
    const attempt = anonymousCaller().account.signUp({ email: "TAKEN@example.com", password: "another long password" });
    await expect(attempt).rejects.toThrow("An account with this email already exists. Sign in instead.");
    expect(
      await codeOf(anonymousCaller().account.signUp({ email: "taken@example.com", password: "another long password" })),
    ).toBe("EMAIL_TAKEN");
  });

  it.each([
    [{ email: "not-an-email", password: "a long enough password" }, "Enter a valid email address"],
    [{ email: "short@example.com", password: "short" }, "Password must be at least 10 characters"],
  ])("explains what is wrong with %j", async (input, message) => {
    await expect(anonymousCaller().account.signUp(input)).rejects.toThrow(message);
    expect(await findUserByEmail(input.email)).toBeNull();
  });
});

describe("sign-in", () => {
  it("accepts the right password whatever the email's case", async () => {
    const { user } = await signedInCaller({ email: "grace@example.com", password: "correct horse battery" });
    const signedIn = await authenticate({ email: "Grace@Example.com", password: "correct horse battery" }, "10.0.0.1");
    expect(signedIn.id).toBe(user.id);
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    await signedInCaller({ email: "linus@example.com", password: "correct horse battery" });
    expect(await codeOf(authenticate({ email: "linus@example.com", password: "wrong password!!" }, "10.0.0.2"))).toBe(
      "INVALID_CREDENTIALS",
    );
    expect(await codeOf(authenticate({ email: "nobody@example.com", password: "wrong password!!" }, "10.0.0.2"))).toBe(
      "INVALID_CREDENTIALS",
    );
  });

  it("refuses malformed input with a validation error", async () => {
    expect(await codeOf(authenticate({ email: "x", password: "" }, "10.0.0.3"))).toBe("VALIDATION");
  });

  it("slows down one address guessing an account, but lets the owner in from elsewhere", async () => {
    await signedInCaller({ email: "target@example.com", password: "correct horse battery" });
    for (let i = 0; i < 3; i++) {
      expect(
        await codeOf(authenticate({ email: "target@example.com", password: "guess number " + i }, "10.1.0.1")),
      ).toBe("INVALID_CREDENTIALS");
    }
    const blocked = authenticate({ email: "target@example.com", password: "correct horse battery" }, "10.1.0.1");
    await expect(blocked).rejects.toMatchObject({ code: "RATE_LIMITED", details: { retryAfter: 30 } });
    // The owner, elsewhere, waits a moment (the account's slow-down) and is in.
    const started = Date.now();
    const owner = await authenticate({ email: "target@example.com", password: "correct horse battery" }, "10.1.0.9");
    expect(owner.email).toBe("target@example.com");
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  });

  it("grows the account's delay with attempts from many addresses, at most 8 s", () => {
    expect([3, 4, 5, 6, 9, 40].map((n) => accountDelayMs(n, 3))).toEqual([0, 500, 1000, 2000, 8000, 8000]);
  });

  it("upgrades a hash made at a lower cost when its owner signs in", async () => {
    await signedInCaller({ email: "old-hash@example.com", password: "correct horse battery" });
    const before = (await findUserByEmail("old-hash@example.com"))!.passwordHash!;
    expect(before).toMatch(/^scrypt\$10\$/);
    process.env.PASSWORD_HASH_COST = "11";
    resetEnvForTests();
    try {
      await authenticate({ email: "old-hash@example.com", password: "correct horse battery" }, "10.4.0.1");
      const after = (await findUserByEmail("old-hash@example.com"))!.passwordHash!;
      expect(after).toMatch(/^scrypt\$11\$/);
      expect(
        (await authenticate({ email: "old-hash@example.com", password: "correct horse battery" }, "10.4.0.1")).email,
      ).toBe("old-hash@example.com");
    } finally {
      process.env.PASSWORD_HASH_COST = "10";
      resetEnvForTests();
    }
  });

  it("slows down one address trying many accounts", async () => {
    for (let i = 0; i < 3; i++) {
      await codeOf(authenticate({ email: `victim${i}@example.com`, password: "guess guess guess" }, "10.2.0.1"));
    }
    expect(
      await codeOf(authenticate({ email: "victim9@example.com", password: "guess guess guess" }, "10.2.0.1")),
    ).toBe("RATE_LIMITED");
    expect(
      await codeOf(authenticate({ email: "victim9@example.com", password: "guess guess guess" }, "10.2.0.2")),
    ).toBe("INVALID_CREDENTIALS");
  });

  it("forgets an account's failures after a successful sign-in", async () => {
    await signedInCaller({ email: "forgetful@example.com", password: "correct horse battery" });
    for (let i = 0; i < 2; i++)
      await codeOf(authenticate({ email: "forgetful@example.com", password: "typo typo typo" }, `10.3.0.${i}`));
    await authenticate({ email: "forgetful@example.com", password: "correct horse battery" }, "10.3.0.5");
    for (let i = 0; i < 2; i++)
      await codeOf(authenticate({ email: "forgetful@example.com", password: "typo typo typo" }, `10.3.1.${i}`));
    expect(
      (await authenticate({ email: "forgetful@example.com", password: "correct horse battery" }, "10.3.1.9")).email,
    ).toBe("forgetful@example.com");
  });
});

describe("protected procedures", () => {
  it("refuse a signed-out caller and answer a signed-in one", async () => {
    expect(await codeOf(anonymousCaller().account.me())).toBe("UNAUTHORIZED");
    const { caller, user } = await signedInCaller();
    expect(await caller.account.me()).toEqual({ id: user.id, email: user.email, name: null });
  });
});
