// Two "app instances" on one PostgreSQL, for the suites that prove replicas of one
// deployment behave as one: each instance is its own process (a child script of
// tests/support) with its own connection pool, answering JSON commands on stdin with
// JSON lines on stdout. PGlite belongs to a single process, so these run only in the
// PostgreSQL pass (npm run test:postgres).
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { randomBytes } from "node:crypto";
import readline from "node:readline";
import { afterAll, beforeAll } from "vitest";
import { useDatabase } from "@/server/db/client";
import { createTestDatabase } from "./db";

export type Instance<Result = unknown> = {
  call: (cmd: Record<string, unknown>) => Promise<Result>;
  proc: ChildProcessWithoutNullStreams;
};

function startInstance<Result>(child: string, env: NodeJS.ProcessEnv): Instance<Result> {
  const proc = spawn(process.execPath, ["--import", "tsx", child], { env });
  const waiting = new Map<number, (r: Result) => void>();
  readline.createInterface({ input: proc.stdout }).on("line", (line) => {
    const { id, result } = JSON.parse(line) as { id: number; result: Result };
    waiting.get(id)?.(result);
  });
  let next = 0;
  return {
    proc,
    call: (cmd) =>
      new Promise((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        proc.stdin.write(`${JSON.stringify({ ...cmd, id })}\n`);
      }),
  };
}

/**
 * Registers hooks that give this test file a fresh PostgreSQL database (also used by the
 * test itself) and two processes of `child` on it, with `env` added to theirs. The list
 * returned is filled before the tests run.
 */
export function useTwoInstances<Result = unknown>(child: string, env: Record<string, string>): Instance<Result>[] {
  const instances: Instance<Result>[] = [];
  let dbHandle: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  // Both instances encrypt and decrypt with the same key, like replicas of one deployment.
  const sharedKey = `1:${randomBytes(32).toString("base64")}`;
  beforeAll(async () => {
    if (!process.env.TEST_DATABASE_URL)
      throw new Error("This suite needs PostgreSQL: set TEST_DATABASE_URL (npm run test:postgres).");
    dbHandle = await createTestDatabase();
    useDatabase(dbHandle.db);
    const instanceEnv = (): NodeJS.ProcessEnv => ({
      ...process.env,
      DATABASE_URL: dbHandle!.url!,
      AUTH_SECRET: randomBytes(32).toString("base64"),
      ENCRYPTION_KEYS: sharedKey,
      LOG_LEVEL: "silent",
      ...env,
    });
    instances.push(startInstance(child, instanceEnv()), startInstance(child, instanceEnv()));
  }, 60_000);
  afterAll(async () => {
    for (const i of instances) i.proc.kill();
    useDatabase(undefined);
    await dbHandle?.drop();
  });
  return instances;
}
