import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import { resetSecretsForTests, secrets } from "@/server/platform/secrets";

const saved = { ...process.env };

afterEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
  resetSecretsForTests();
});

function useDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "secrets-"));
  process.env.DATA_DIR = dir;
  resetEnvForTests();
  resetSecretsForTests();
  return dir;
}

describe("secrets on the embedded default", () => {
  it("are generated once, readable only by the owner, and kept across restarts", () => {
    const dir = useDataDir();
    const first = secrets();
    const file = path.join(dir, "secrets.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.keys[0]?.key).toHaveLength(32);
    expect(first.activeKeyVersion).toBe(1);

    resetSecretsForTests(); // a restart
    const second = secrets();
    expect(second.authSecret).toBe(first.authSecret);
    expect(second.keys[0]?.key.equals(first.keys[0]!.key)).toBe(true);
    expect(JSON.parse(readFileSync(file, "utf8"))).toHaveProperty("authSecret", first.authSecret);
  });

  it("come from the environment when configured there", () => {
    useDataDir();
    const k1 = Buffer.alloc(32, 1).toString("base64");
    const k2 = Buffer.alloc(32, 2).toString("base64");
    process.env.AUTH_SECRET = "s".repeat(40);
    process.env.ENCRYPTION_KEYS = `1:${k1},2:${k2}`;
    resetEnvForTests();
    const s = secrets();
    expect(s.authSecret).toBe("s".repeat(40));
    expect(s.activeKeyVersion).toBe(2);
    expect(s.keys.map((k) => k.version)).toEqual([1, 2]);
  });

  it("refuse a damaged secrets file instead of replacing it", async () => {
    const dir = useDataDir();
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path.join(dir, "secrets.json"), "{}");
    expect(() => secrets()).toThrow(/secrets.json is damaged/);
  });
});
