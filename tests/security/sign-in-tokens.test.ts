// Finding: GitHub and Google sign-in tokens (next-auth's accounts) were stored unencrypted.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { rotateCredentialKeys } from "@/server/ops/key-rotation";
import { encryptLegacySignInTokens } from "@/server/ops/startup";
import { createAuthAdapter } from "@/server/db/auth-adapter";
import { database } from "@/server/db/client";
import { signInTokensBinding } from "@/server/platform/bindings";
import { decryptCredentials, type Keyring } from "@/server/platform/encryption";
import { secrets } from "@/server/platform/secrets";
import { useTestDatabase } from "../support/db";
import { signedInCaller } from "../support/trpc";
import { count } from "./report";

useTestDatabase();

type Row = {
  id: string;
  access_token: string | null;
  refresh_token: string | null;
  id_token: string | null;
  encrypted_tokens: string | null;
  key_version: number | null;
};

async function stored(providerAccountId: string): Promise<Row> {
  const [row] = await database().sql.query<Row>(
    `SELECT id, access_token, refresh_token, id_token, encrypted_tokens, key_version FROM accounts WHERE provider_account_id = $1`,
    [providerAccountId],
  );
  return row!;
}

const ring = (): Keyring => ({ keys: secrets().keys, activeKeyVersion: secrets().activeKeyVersion });

describe("sign-in provider tokens", () => {
  it("are stored as an encrypted envelope bound to the account, never in plain text", async () => {
    const { user } = await signedInCaller();
    await createAuthAdapter().linkAccount({
      userId: user.id,
      type: "oauth",
      provider: "github",
      providerAccountId: "gh-1",
      access_token: "gho_secret_access",
      refresh_token: "ghr_secret_refresh",
      id_token: "eyJ.secret.id",
      token_type: "bearer",
      scope: "read:user",
    });
    count("probes");
    const row = await stored("gh-1");
    expect([row.access_token, row.refresh_token, row.id_token]).toEqual([null, null, null]);
    expect(JSON.stringify(row)).not.toMatch(/gho_secret|ghr_secret|secret\.id/);
    count("refused");
    expect(decryptCredentials(row.encrypted_tokens!, signInTokensBinding(user.id, "github", "gh-1"))).toEqual({
      access_token: "gho_secret_access",
      refresh_token: "ghr_secret_refresh",
      id_token: "eyJ.secret.id",
    });
    // Copied to another account, the envelope does not decrypt.
    expect(() => decryptCredentials(row.encrypted_tokens!, signInTokensBinding(user.id, "github", "gh-2"))).toThrow(
      /could not be decrypted/,
    );
  });

  it("an account without tokens stores none", async () => {
    const { user } = await signedInCaller();
    await createAuthAdapter().linkAccount({
      userId: user.id,
      type: "oauth",
      provider: "google",
      providerAccountId: "g-0",
    });
    expect(await stored("g-0")).toMatchObject({ encrypted_tokens: null, key_version: null, access_token: null });
  });

  it("rows from before encryption are encrypted at start-up, and re-encrypted by key rotation", async () => {
    const { user } = await signedInCaller();
    await database().sql.query(
      `INSERT INTO accounts (id, user_id, type, provider, provider_account_id, access_token, id_token) VALUES ('legacy1', $1, 'oauth', 'google', 'g-1', 'ya29.legacy_access', 'eyJ.legacy.id')`,
      [user.id],
    );
    const first = await encryptLegacySignInTokens();
    expect(first).toMatchObject({ rotated: 1, failures: [] });
    const row = await stored("g-1");
    expect([row.access_token, row.refresh_token, row.id_token]).toEqual([null, null, null]);
    expect(decryptCredentials(row.encrypted_tokens!, signInTokensBinding(user.id, "google", "g-1"))).toEqual({
      access_token: "ya29.legacy_access",
      id_token: "eyJ.legacy.id",
    });
    expect((await encryptLegacySignInTokens()).rotated).toBe(0);

    const current = ring();
    const next: Keyring = {
      keys: [...current.keys, { version: current.activeKeyVersion + 1, key: randomBytes(32) }],
      activeKeyVersion: current.activeKeyVersion + 1,
    };
    const report = await rotateCredentialKeys(next);
    expect(report.failures).toEqual([]);
    const rotated = await stored("g-1");
    expect(rotated.key_version).toBe(next.activeKeyVersion);
    expect(
      decryptCredentials(rotated.encrypted_tokens!, signInTokensBinding(user.id, "google", "g-1"), {
        keys: next.keys.slice(-1),
        activeKeyVersion: next.activeKeyVersion,
      }),
    ).toEqual({ access_token: "ya29.legacy_access", id_token: "eyJ.legacy.id" });
  });
});
