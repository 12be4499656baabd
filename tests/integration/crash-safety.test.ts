// Killing the server in the middle of saving connectors leaves no half-written
// connector and no orphaned credentials.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import { resetSecretsForTests } from "@/server/platform/secrets";
import { decryptCredentials } from "@/server/platform/encryption";
import { openPglite, useDatabase } from "@/server/db/client";
import { report } from "../support/count";

/** Runs the saving child on `dataDir` and kills it with SIGKILL at `point`; returns the saves it reported. */
async function runAndKill(dataDir: string, point: { saves: number } | { msAfterFirstSave: number }): Promise<number> {
  // In-process loader (not the tsx CLI, which would run the script in a grandchild).
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/crash-child.ts"], {
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let saved = 0;
  await new Promise<void>((resolve, reject) => {
    const kill = () => {
      child.kill("SIGKILL");
      resolve();
    };
    child.stdout.on("data", (d: Buffer) => {
      const m = /saved (\d+)\s*$/.exec(d.toString());
      if (!m) return;
      const first = saved === 0;
      saved = Number(m[1]);
      if ("saves" in point && saved >= point.saves) kill();
      if ("msAfterFirstSave" in point && first) setTimeout(kill, point.msAfterFirstSave);
    });
    child.once("exit", (code, signal) =>
      signal === "SIGKILL" ? resolve() : reject(new Error(`child exited early with ${code}`)),
    );
  });
  await new Promise((r) => child.once("close", r));
  return saved;
}

describe("crash safety", () => {
  it("every connector that survives repeated kill -9 at different points is complete and decrypts", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "crash-"));
    // The same data folder is killed again and again: right after the first save, in the
    // middle of a run, and at a random moment (often mid-write); each restart recovers it.
    const points = [{ saves: 1 }, { saves: 15 }, { msAfterFirstSave: Math.floor(Math.random() * 400) }];
    let saved = 0;
    for (const point of points) saved += await runAndKill(dataDir, point);

    process.env.DATA_DIR = dataDir;
    resetEnvForTests();
    resetSecretsForTests();
    const db = openPglite(path.join(dataDir, "pglite"));
    useDatabase(db);
    try {
      const rows = await db.prisma.userMCPConnection.findMany();
      expect(rows.length).toBeGreaterThanOrEqual(saved);
      expect(new Set(rows.map((r) => r.userId)).size).toBe(points.length);
      for (const row of rows) {
        expect(row.encryptedCredentials).toBeTruthy();
        expect(decryptCredentials(row.encryptedCredentials!, { userId: row.userId, subjectId: row.id })).toMatchObject({
          type: "bearer",
        });
        expect(row.toolsSnapshot).toHaveLength(50);
        expect(row.toolCount).toBe(50);
      }
      report(
        "crash safety",
        rows.length,
        `${rows.length} complete connectors after ${points.length} kill -9 at different points, 0 half-written`,
      );
    } finally {
      useDatabase(undefined);
      await db.close();
    }
  }, 240_000);
});
