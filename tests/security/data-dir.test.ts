import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import { openPglite } from "@/server/db/client";
import { resetSecretsForTests, secrets } from "@/server/platform/secrets";
import { count } from "./report";

// The embedded database and the generated secrets live in DATA_DIR: another account on
// the machine must not be able to list or read them.
const saved = { ...process.env };

afterEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
  resetSecretsForTests();
});

const mode = (p: string) => statSync(p).mode & 0o777;

function freshDataDir(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "data-mode-")), "nested", ".data");
  process.env.DATA_DIR = dir;
  resetEnvForTests();
  resetSecretsForTests();
  return dir;
}

describe("DATA_DIR permissions", () => {
  it("creates DATA_DIR readable only by its owner, and secrets.json 0600", () => {
    const dir = freshDataDir();
    secrets();
    count("probes");
    expect(mode(dir)).toBe(0o700);
    expect(mode(path.join(dir, "secrets.json"))).toBe(0o600);
    count("refused");
  });

  it("tightens a DATA_DIR and a secrets.json left open by an earlier version", () => {
    const dir = freshDataDir();
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    chmodSync(dir, 0o755);
    const file = path.join(dir, "secrets.json");
    writeFileSync(
      file,
      JSON.stringify({
        authSecret: "x".repeat(44),
        encryptionKeys: [{ version: 1, key: Buffer.alloc(32, 1).toString("base64") }],
      }),
      { mode: 0o644 },
    );
    chmodSync(file, 0o644);
    secrets();
    count("probes");
    expect(mode(dir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    count("refused");
  });

  it("creates the embedded database's folder 0700", async () => {
    const dir = freshDataDir();
    const db = openPglite(path.join(dir, "pglite"));
    try {
      count("probes");
      expect(mode(dir)).toBe(0o700);
      expect(mode(path.join(dir, "pglite"))).toBe(0o700);
      count("refused");
    } finally {
      await db.close();
    }
  }, 90_000); // PGlite's first start is slow on a busy machine
});
