// Secrets for signing sessions and encrypting credentials. Production (DATABASE_URL set)
// takes them from the environment, which env.ts enforces. The embedded default generates
// them once into DATA_DIR/secrets.json (mode 0600, in a 0700 folder) so a newcomer configures nothing and a
// restart keeps sessions and encrypted credentials readable.
import { env } from "@/env";
import { randomBytes } from "node:crypto";
import { ensurePrivateDir, PRIVATE_FILE_MODE, tighten } from "@/server/platform/private-dir";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

export type KeyringEntry = { version: number; key: Buffer };
export type Secrets = { authSecret: string; keys: KeyringEntry[]; activeKeyVersion: number };

const fileSchema = z.object({
  authSecret: z.string().min(32),
  encryptionKeys: z.array(z.object({ version: z.number().int().positive(), key: z.string() })).min(1),
});

function loadOrCreateFile(file: string): z.infer<typeof fileSchema> {
  ensurePrivateDir(path.dirname(file));
  try {
    const raw = readFileSync(file, "utf8");
    tighten(file, PRIVATE_FILE_MODE);
    const parsed = fileSchema.safeParse(JSON.parse(raw));
    if (!parsed.success)
      throw new Error(
        `${file} is damaged (${parsed.error.issues[0]?.message}); restore it from a backup: credentials encrypted with it cannot be read without it`,
      );
    return parsed.data;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const fresh = {
    authSecret: randomBytes(32).toString("base64"),
    encryptionKeys: [{ version: 1, key: randomBytes(32).toString("base64") }],
  };
  try {
    // "wx": if another process won the race, use what it wrote
    writeFileSync(file, JSON.stringify(fresh, null, 2), { mode: PRIVATE_FILE_MODE, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return loadOrCreateFile(file);
    throw err;
  }
  chmodSync(file, PRIVATE_FILE_MODE);
  return fresh;
}

let cached: Secrets | undefined;

export function secrets(): Secrets {
  if (cached) return cached;
  const e = env();
  const needFile = !e.AUTH_SECRET || !e.ENCRYPTION_KEYS;
  const file = needFile ? loadOrCreateFile(path.resolve(e.DATA_DIR, "secrets.json")) : undefined;
  const rawKeys = e.ENCRYPTION_KEYS ?? file!.encryptionKeys;
  const keys = rawKeys.map((k) => ({ version: k.version, key: Buffer.from(k.key, "base64") }));
  for (const k of keys) {
    if (k.key.length !== 32)
      throw new Error(`encryption key version ${k.version} must be 32 bytes, found ${k.key.length}`);
  }
  cached = {
    authSecret: e.AUTH_SECRET ?? file!.authSecret,
    keys,
    activeKeyVersion: Math.max(...keys.map((k) => k.version)),
  };
  return cached;
}

export function resetSecretsForTests(): void {
  cached = undefined;
}
