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

describe("crash safety", () => {
  it("every connector that survives a kill -9 is complete and its credentials decrypt", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "crash-"));
    // In-process loader (not the tsx CLI, which would run the script in a grandchild).
    const child = spawn(process.execPath, ["--import", "tsx", "tests/support/crash-child.ts"], {
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "silent" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let saved = 0;
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        const m = /saved (\d+)\s*$/.exec(d.toString());
        if (m) saved = Number(m[1]);
        // Kill at an arbitrary moment while saves are in flight.
        if (saved >= 15) {
          child.kill("SIGKILL");
          resolve();
        }
      });
      child.once("exit", (code, signal) =>
        signal === "SIGKILL" ? resolve() : reject(new Error(`child exited early with ${code}`)),
      );
    });
    await new Promise((r) => child.once("close", r));

    process.env.DATA_DIR = dataDir;
    resetEnvForTests();
    resetSecretsForTests();
    const db = openPglite(path.join(dataDir, "pglite"));
    useDatabase(db);
    try {
      const rows = await db.prisma.userMCPConnection.findMany();
      expect(rows.length).toBeGreaterThanOrEqual(saved);
      for (const row of rows) {
        expect(row.encryptedCredentials).toBeTruthy();
        expect(decryptCredentials(row.encryptedCredentials!, { userId: row.userId, subjectId: row.id })).toMatchObject({
          type: "bearer",
        });
        expect(row.toolsSnapshot).toHaveLength(50);
        expect(row.toolCount).toBe(50);
      }
      report("crash safety", rows.length, `${rows.length} complete connectors after kill -9, 0 half-written`);
    } finally {
      useDatabase(undefined);
      await db.close();
    }
  }, 120_000);
});
