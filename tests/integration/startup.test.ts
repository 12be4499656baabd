// Start-up: a bad configuration stops the server with one line per problem, a good one
// readies the database and says so, then builds the sample shop in the background; Next's
// instrumentation hook runs it on Node only.
import { afterEach, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/env";
import { register } from "@/instrumentation";
import { startServer } from "@/server/ops/startup";
import { closeAllSampleDatabases } from "@/server/databases/engine/sample";
import { sampleState } from "@/server/databases/service/sample";
import { existsSync } from "node:fs";
import path from "node:path";
import { useTestDatabase } from "../support/db";
import { captureLogs } from "../support/logs";

useTestDatabase();
const logs = captureLogs();
const saved = { ...process.env };

afterEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
  vi.restoreAllMocks();
});

class Exit extends Error {}

describe("startServer", () => {
  it("refuses an invalid configuration with one line per problem, before anything else", async () => {
    Object.assign(process.env, { PORT: "not-a-port", ENCRYPTION_KEYS: "1:short" });
    resetEnvForTests();
    const stderr = vi.spyOn(process.stderr, "write").mockReturnValue(true);
    vi.spyOn(process, "exit").mockImplementation((code) => {
      throw new Exit(`exit ${String(code)}`);
    });
    await expect(startServer()).rejects.toThrow("exit 1");
    const out = stderr.mock.calls.map((c) => String(c[0])).join("");
    expect(out).toMatch(
      /^Invalid configuration:\n {2}- PORT: .+\n {2}- ENCRYPTION_KEYS: key version 1 is not 32 bytes of base64\n/,
    );
    expect(out).toContain('See README.md, "Configuration".');
  });

  it("readies the database and logs that the server is ready", async () => {
    await startServer();
    expect(logs.lines().find((l) => l.event === "server.ready")).toMatchObject({
      database: process.env.TEST_DATABASE_URL ? "postgres" : "pglite",
    });
  });

  it("builds the sample shop in the background after it is ready, in its own folder", async () => {
    await startServer();
    await vi.waitFor(() => expect(logs.lines().some((l) => l.event === "databases.sample_ready")).toBe(true), {
      timeout: 60_000,
      interval: 100,
    });
    const events = logs.lines().map((l) => l.event);
    expect(events.indexOf("server.ready")).toBeLessThan(events.indexOf("databases.sample_ready"));
    expect(existsSync(path.join(process.env.DATA_DIR!, "sample", "sample.json"))).toBe(true);
    expect(sampleState()).toEqual({ status: "ready", message: null });
    await closeAllSampleDatabases();
  }, 90_000);
});

describe("instrumentation", () => {
  it("starts the server in the Node.js runtime only", async () => {
    const before = logs.lines().filter((l) => l.event === "server.ready").length;
    process.env.NEXT_RUNTIME = "edge";
    await register();
    expect(logs.lines().filter((l) => l.event === "server.ready")).toHaveLength(before);
    process.env.NEXT_RUNTIME = "nodejs";
    await register();
    expect(logs.lines().filter((l) => l.event === "server.ready")).toHaveLength(before + 1);
  });
});
