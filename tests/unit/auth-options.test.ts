import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import { clientAddress, enabledOAuthProviders } from "@/server/auth/options";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
});

describe("sign-in providers", () => {
  it("offers GitHub and Google only when both their id and secret are configured", () => {
    resetEnvForTests();
    expect(enabledOAuthProviders()).toEqual([]);
    process.env.GITHUB_CLIENT_ID = "id";
    process.env.GITHUB_CLIENT_SECRET = "secret";
    resetEnvForTests();
    expect(enabledOAuthProviders()).toEqual(["github"]);
    process.env.GOOGLE_CLIENT_ID = "gid";
    process.env.GOOGLE_CLIENT_SECRET = "gsecret";
    resetEnvForTests();
    expect(enabledOAuthProviders()).toEqual(["github", "google"]);
  });

  it("takes the client address the nearest proxy reported", () => {
    expect(clientAddress({ "x-forwarded-for": "203.0.113.9, 10.0.0.2" })).toBe("10.0.0.2");
    expect(clientAddress({ "x-forwarded-for": ["198.51.100.1"] })).toBe("198.51.100.1");
    expect(clientAddress({})).toBeUndefined();
  });
});
