// Credentials at rest: AES-256-GCM with a fresh 12-byte IV per encryption, a 16-byte tag,
// and associated data binding each ciphertext to its owner and subject (a connector id or
// a system tool), so a ciphertext copied to another row or user does not decrypt.
// Envelope: "v1.<key version>.<iv>.<tag>.<ciphertext>", base64url parts.
import { AppError } from "@/lib/errors";
import { secrets } from "@/server/platform/secrets";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export type Keyring = { keys: { version: number; key: Buffer }[]; activeKeyVersion: number };
export type CredentialBinding = { userId: string; subjectId: string };
export type EncryptedCredentials = { ciphertext: string; keyVersion: number };

const FORMAT = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class EncryptionError extends AppError {
  constructor(message: string) {
    super("ENCRYPTION_KEY", message);
    this.name = "EncryptionError";
  }
}

function defaultKeyring(): Keyring {
  const s = secrets();
  return { keys: s.keys, activeKeyVersion: s.activeKeyVersion };
}

function keyFor(keyring: Keyring, version: number): Buffer {
  const entry = keyring.keys.find((k) => k.version === version);
  if (!entry) {
    throw new EncryptionError(
      `credentials were encrypted with key version ${version}, which is not configured (ENCRYPTION_KEYS)`,
    );
  }
  if (entry.key.length !== 32) {
    throw new EncryptionError(`encryption key version ${version} must be 32 bytes, found ${entry.key.length}`);
  }
  return entry.key;
}

function associatedData(b: CredentialBinding): Buffer {
  if (!b.userId || !b.subjectId) throw new EncryptionError("credentials must be bound to an owner and a subject");
  return Buffer.from(`${FORMAT}|${b.userId}|${b.subjectId}`, "utf8");
}

export function encryptCredentials(
  value: unknown,
  binding: CredentialBinding,
  keyring: Keyring = defaultKeyring(),
): EncryptedCredentials {
  const version = keyring.activeKeyVersion;
  const key = keyFor(keyring, version);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(binding));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  const parts = [
    FORMAT,
    String(version),
    iv.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
    body.toString("base64url"),
  ];
  return { ciphertext: parts.join("."), keyVersion: version };
}

/** Reads only the key version of an envelope (for rotation), without decrypting. */
export function keyVersionOf(ciphertext: string): number {
  const [format, version] = ciphertext.split(".");
  if (format !== FORMAT || !/^\d+$/.test(version ?? ""))
    throw new EncryptionError("stored credentials are not in a format this version understands");
  return Number(version);
}

export function decryptCredentials<T = unknown>(
  ciphertext: string,
  binding: CredentialBinding,
  keyring: Keyring = defaultKeyring(),
): T {
  const parts = ciphertext.split(".");
  if (parts.length !== 5) throw new EncryptionError("stored credentials are not in a format this version understands");
  const [, , ivPart, tagPart, bodyPart] = parts as [string, string, string, string, string];
  const version = keyVersionOf(ciphertext);
  const key = keyFor(keyring, version);
  const iv = Buffer.from(ivPart, "base64url");
  const tag = Buffer.from(tagPart, "base64url");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
    throw new EncryptionError("stored credentials are damaged (bad IV or tag length)");
  const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData(binding));
  decipher.setAuthTag(tag);
  let plain: string;
  try {
    plain = Buffer.concat([decipher.update(Buffer.from(bodyPart, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new EncryptionError(
      `stored credentials could not be decrypted with key version ${version}: the key is wrong, or the data was altered or belongs to another record`,
    );
  }
  return JSON.parse(plain) as T;
}
