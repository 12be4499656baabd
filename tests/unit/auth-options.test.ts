import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import { enabledOAuthProviders } from "@/server/auth/options";

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
});
