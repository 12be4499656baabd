import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  decryptCredentials,
  encryptCredentials,
  EncryptionError,
  keyVersionOf,
  type Keyring,
} from "@/server/platform/encryption";
import { resetEnvForTests } from "@/env";
import { resetSecretsForTests } from "@/server/platform/secrets";

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const ring: Keyring = { keys: [{ version: 1, key: k1 }], activeKeyVersion: 1 };
const rotated: Keyring = {
  keys: [
    { version: 1, key: k1 },
    { version: 2, key: k2 },
  ],
  activeKeyVersion: 2,
};
const alice = { userId: "alice", subjectId: "conn-1" };
const secret = { type: "bearer", token: "tok_live_123" };

function tamper(ciphertext: string, index: number): string {
  const parts = ciphertext.split(".");
  const bytes = Buffer.from(parts[index]!, "base64url");
  bytes[0] = bytes[0]! ^ 0xff;
  parts[index] = bytes.toString("base64url");
  return parts.join(".");
}

describe("credential encryption", () => {
  it("round-trips and never contains the plaintext", () => {
    const enc = encryptCredentials(secret, alice, ring);
    expect(enc.keyVersion).toBe(1);
    expect(enc.ciphertext).not.toContain("tok_live_123");
    expect(decryptCredentials(enc.ciphertext, alice, ring)).toEqual(secret);
  });

  it("uses a fresh IV each time", () => {
    const a = encryptCredentials(secret, alice, ring).ciphertext.split(".")[2];
    const b = encryptCredentials(secret, alice, ring).ciphertext.split(".")[2];
    expect(Buffer.from(a!, "base64url")).toHaveLength(12);
    expect(a).not.toBe(b);
  });

  it("refuses a ciphertext copied to another connector or user", () => {
    const enc = encryptCredentials(secret, alice, ring);
    expect(() => decryptCredentials(enc.ciphertext, { userId: "alice", subjectId: "conn-2" }, ring)).toThrow(
      /altered or belongs to another record/,
    );
    expect(() => decryptCredentials(enc.ciphertext, { userId: "mallory", subjectId: "conn-1" }, ring)).toThrow(
      EncryptionError,
    );
  });

  it("refuses altered data and a wrong key, never returning garbage", () => {
    const enc = encryptCredentials(secret, alice, ring);
    expect(() => decryptCredentials(tamper(enc.ciphertext, 4), alice, ring)).toThrow(
      /could not be decrypted with key version 1/,
    );
    expect(() => decryptCredentials(tamper(enc.ciphertext, 3), alice, ring)).toThrow(EncryptionError);
    const wrongKey: Keyring = { keys: [{ version: 1, key: randomBytes(32) }], activeKeyVersion: 1 };
    expect(() => decryptCredentials(enc.ciphertext, alice, wrongKey)).toThrow(/the key is wrong/);
  });

  it("names a missing key version", () => {
    const enc = encryptCredentials(secret, alice, rotated);
    expect(enc.keyVersion).toBe(2);
    expect(keyVersionOf(enc.ciphertext)).toBe(2);
    expect(() => decryptCredentials(enc.ciphertext, alice, ring)).toThrow(
      "credentials were encrypted with key version 2, which is not configured (ENCRYPTION_KEYS)",
    );
  });

  it("keeps old versions readable after a new key is introduced", () => {
    const old = encryptCredentials(secret, alice, ring);
    expect(decryptCredentials(old.ciphertext, alice, rotated)).toEqual(secret);
  });

  it("refuses a key of the wrong size", () => {
    const bad: Keyring = { keys: [{ version: 1, key: randomBytes(16) }], activeKeyVersion: 1 };
    expect(() => encryptCredentials(secret, alice, bad)).toThrow("encryption key version 1 must be 32 bytes, found 16");
  });

  it.each([
    ["not an envelope", /not in a format/],
    ["v2.1.a.b.c", /not in a format/],
    ["v1.x.a.b.c", /not in a format/],
    ["v1.1.AAAA.AAAA.AAAA", /damaged \(bad IV or tag length\)/],
  ])("refuses the malformed value %s", (value, message) => {
    expect(() => decryptCredentials(value, alice, ring)).toThrow(message);
  });

  it("refuses to read the key version of something that is not an envelope", () => {
    expect(() => keyVersionOf("garbage")).toThrow(/not in a format/);
    expect(() => keyVersionOf("v1")).toThrow(/not in a format/);
  });

  it("refuses to bind to an empty owner or subject", () => {
    expect(() => encryptCredentials(secret, { userId: "", subjectId: "c" }, ring)).toThrow(
      /bound to an owner and a subject/,
    );
  });

  it("uses the configured keys by default", () => {
    resetEnvForTests();
    resetSecretsForTests();
    const enc = encryptCredentials(secret, alice);
    expect(decryptCredentials(enc.ciphertext, alice)).toEqual(secret);
  });
});
