// next-auth's adapter: what GitHub and Google sign-in store.
import { describe, expect, it } from "vitest";
import { createAuthAdapter } from "@/server/db/auth-adapter";
import { useTestDatabase } from "../support/db";

useTestDatabase();

describe("auth adapter", () => {
  it("creates a user for a new OAuth account and finds them by that account next time", async () => {
    const adapter = createAuthAdapter();
    const user = await adapter.createUser({
      email: "Octo@Example.com",
      emailVerified: null,
      name: "Octo",
      image: null,
    });
    expect(user.email).toBe("octo@example.com");
    await adapter.linkAccount({
      userId: user.id,
      type: "oauth",
      provider: "github",
      providerAccountId: "42",
      access_token: "gho_x",
      token_type: "bearer",
    });
    expect(await adapter.getUserByAccount({ provider: "github", providerAccountId: "42" })).toMatchObject({
      id: user.id,
    });
    expect(await adapter.getUserByAccount({ provider: "google", providerAccountId: "42" })).toBeNull();
    expect(await adapter.getUserByEmail("OCTO@example.com")).toMatchObject({ id: user.id });
    expect(await adapter.updateUser({ id: user.id, name: "Octocat" })).toMatchObject({ name: "Octocat" });
    await adapter.unlinkAccount({ provider: "github", providerAccountId: "42" });
    expect(await adapter.getUserByAccount({ provider: "github", providerAccountId: "42" })).toBeNull();
  });

  it("stores, reads and removes database sessions", async () => {
    const adapter = createAuthAdapter();
    const user = await adapter.createUser({ email: "sess@example.com", emailVerified: null });
    const expires = new Date(Date.now() + 60_000);
    await adapter.createSession({ sessionToken: "tok", userId: user.id, expires });
    expect(await adapter.getSessionAndUser("tok")).toMatchObject({
      session: { userId: user.id },
      user: { id: user.id },
    });
    const later = new Date(Date.now() + 120_000);
    expect(await adapter.updateSession({ sessionToken: "tok", expires: later })).toMatchObject({ expires: later });
    await adapter.deleteSession("tok");
    expect(await adapter.getSessionAndUser("tok")).toBeNull();
    await adapter.deleteUser(user.id);
    expect(await adapter.getUser(user.id)).toBeNull();
  });
});
