// Re-encrypts stored credentials with the active key (npm run keys:rotate). Rows are
// read and rewritten one at a time, and a row is only replaced if nobody changed it in
// between; a row that cannot be decrypted is reported and left as it was.
import {
  connectorsWithKeyBelow,
  connectorUrlsAfter,
  replaceConnectorCiphertext,
  replaceConnectorUrlCiphertext,
} from "@/server/db/connectors";
import { databasesWithKeyBelow, replaceDatabaseCiphertext } from "@/server/db/databases";
import { oauthClientsWithKeyBelow, replaceOAuthClientCiphertext } from "@/server/db/oauth-clients";
import { replaceSignInTokens, signInTokensToEncrypt } from "@/server/db/sign-in-tokens";
import { replaceToolTokensCiphertext, toolTokensWithKeyBelow } from "@/server/db/tool-status";
import {
  connectorBinding,
  connectorUrlBinding,
  databaseBinding,
  oauthClientBinding,
  signInTokensBinding,
  toolTokenBinding,
} from "@/server/platform/bindings";
import {
  decryptCredentials,
  encryptCredentials,
  keyVersionOf,
  type CredentialBinding,
  type Keyring,
} from "@/server/platform/encryption";
import { secrets } from "@/server/platform/secrets";

export type RotationReport = {
  activeKeyVersion: number;
  rotated: number;
  failures: { table: string; id: string; reason: string }[];
};

const BATCH = 100;

async function rotateTable<R extends { id: string; userId: string }>(
  table: string,
  keyring: Keyring,
  report: RotationReport,
  fetchBatch: (afterId: string | undefined) => Promise<R[]>,
  cipherOf: (row: R) => string,
  bindingOf: (row: R) => CredentialBinding,
  replace: (row: R, ciphertext: string, version: number) => Promise<boolean>,
  /** The value of a row not yet encrypted (legacy plain text), else undefined. */
  plainOf: (row: R) => unknown = () => undefined,
): Promise<void> {
  let afterId: string | undefined;
  for (;;) {
    const rows = await fetchBatch(afterId);
    if (rows.length === 0) return;
    for (const row of rows) {
      try {
        const plain = plainOf(row) ?? decryptCredentials(cipherOf(row), bindingOf(row), keyring);
        const next = encryptCredentials(plain, bindingOf(row), keyring);
        if (await replace(row, next.ciphertext, next.keyVersion)) report.rotated += 1;
      } catch (err) {
        report.failures.push({ table, id: row.id, reason: (err as Error).message });
      }
    }
    afterId = rows.at(-1)?.id;
  }
}

export async function rotateCredentialKeys(keyring?: Keyring): Promise<RotationReport> {
  const ring = keyring ?? { keys: secrets().keys, activeKeyVersion: secrets().activeKeyVersion };
  const active = ring.activeKeyVersion;
  const report: RotationReport = { activeKeyVersion: active, rotated: 0, failures: [] };
  await rotateTable(
    "user_mcp_connections",
    ring,
    report,
    (after) => connectorsWithKeyBelow(active, after, BATCH),
    (r) => r.encryptedCredentials!,
    (r) => connectorBinding(r.userId, r.id),
    (r, c, v) => replaceConnectorCiphertext(r.id, r.encryptedCredentials!, c, v),
  );
  // Connector URLs that carry a secret have no key-version column: the envelope says it.
  await rotateTable(
    "user_mcp_connections.encrypted_url",
    ring,
    report,
    async (after) => {
      for (let from = after; ;) {
        const rows = await connectorUrlsAfter(from, BATCH);
        const stale = rows.filter((r) => {
          try {
            return keyVersionOf(r.encryptedUrl) < active;
          } catch {
            return true; // reported by the decryption that follows
          }
        });
        if (stale.length > 0 || rows.length === 0) return stale;
        from = rows.at(-1)?.id;
      }
    },
    (r) => r.encryptedUrl,
    (r) => connectorUrlBinding(r.userId, r.id),
    (r, c) => replaceConnectorUrlCiphertext(r.id, r.encryptedUrl, c),
  );
  await rotateTable(
    "user_tool_status",
    ring,
    report,
    (after) => toolTokensWithKeyBelow(active, after, BATCH),
    (r) => r.encryptedTokens!,
    (r) => toolTokenBinding(r.userId, r.toolId),
    (r, c, v) => replaceToolTokensCiphertext(r.id, r.encryptedTokens!, c, v),
  );
  await rotateTable(
    "user_databases",
    ring,
    report,
    (after) => databasesWithKeyBelow(active, after, BATCH),
    (r) => r.encryptedPassword!,
    (r) => databaseBinding(r.userId, r.id),
    (r, c, v) => replaceDatabaseCiphertext(r.id, r.encryptedPassword!, c, v),
  );
  // Sign-in attempts live ten minutes and are not rotated; registered clients are.
  await rotateTable(
    "oauth_clients",
    ring,
    report,
    (after) => oauthClientsWithKeyBelow(active, after, BATCH),
    (r) => r.encryptedClient,
    (r) => oauthClientBinding(r.issuer, r.redirectUri),
    (r, c, v) => replaceOAuthClientCiphertext(r.id, r.encryptedClient, c, v),
  );
  await encryptSignInTokens(ring, report);
  return report;
}

/**
 * GitHub and Google sign-in tokens: rows from before they were encrypted are encrypted,
 * and (unless `legacyOnly`, as at start-up) envelopes under an older key re-encrypted.
 */
export async function encryptSignInTokens(
  ring: Keyring,
  report: RotationReport,
  opts: { legacyOnly?: boolean } = {},
): Promise<void> {
  await rotateTable(
    "accounts",
    ring,
    report,
    (after) => signInTokensToEncrypt(ring.activeKeyVersion, after, BATCH, opts.legacyOnly),
    (r) => r.encryptedTokens ?? "",
    (r) => signInTokensBinding(r.userId, r.provider, r.providerAccountId),
    (r, c, v) => replaceSignInTokens(r, c, v),
    (r) =>
      r.encryptedTokens === null
        ? Object.fromEntries(
            (
              [
                ["access_token", r.accessToken],
                ["refresh_token", r.refreshToken],
                ["id_token", r.idToken],
              ] as const
            ).filter(([, v]) => v !== null),
          )
        : undefined,
  );
}
