// The sample shop: ONE embedded database under DATA_DIR/sample, shared read-only by every
// user of this process and never the app's own. Start-up builds it in the background so
// nobody waits for it; the engine keeps one worker for it (about 280 MB) and stops it when
// idle. If it cannot be built (DATA_DIR not writable), it is listed as unavailable.
import path from "node:path";
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import { introspectSchema, type DatabaseSchema } from "@/server/databases/engine/introspect";
import { openSampleEntry, sampleBuilt } from "@/server/databases/engine/sample";
import type { SqlSession } from "@/server/databases/engine/session";
import { logger } from "@/server/platform/log";

export type SampleState = { status: "ready" | "preparing" | "unavailable"; message: string | null };

let failed = false;
let schema: Promise<{ schema: DatabaseSchema; readAt: Date }> | undefined;
let relationCount: number | null = null;

export function sampleDir(): string {
  return path.resolve(env().DATA_DIR, "sample");
}

export function sampleState(): SampleState {
  if (failed) return { status: "unavailable", message: "The sample database could not be built on this server." };
  if (sampleBuilt(sampleDir())) return { status: "ready", message: null };
  return { status: "preparing", message: "The sample database is being prepared; it is ready in a few seconds." };
}

/** The shared session (built on first use if start-up has not done it yet); close() does nothing. */
export async function sampleSession(): Promise<SqlSession> {
  try {
    const { session } = await openSampleEntry(sampleDir());
    failed = false;
    return session;
  } catch (err) {
    failed = true;
    logger().warn({ event: "databases.sample_unavailable", err }, "sample database unavailable");
    throw new AppError(
      "CONNECT_FAILED",
      "The sample database is not available on this server (it could not be built; the server log says why).",
      { cause: err },
    );
  }
}

/** The sample's schema, read once per process: nobody can change it. */
export async function sampleSchema(): Promise<{ schema: DatabaseSchema; readAt: Date }> {
  schema ??= sampleSession().then(async (session) => {
    const read = await introspectSchema(session);
    relationCount = read.relations.length;
    return { schema: read, readAt: new Date() };
  });
  const current = schema;
  current.catch(() => {
    if (schema === current) schema = undefined;
  });
  return current;
}

/** How many tables and views the sample has, once its schema was read in this process. */
export function sampleRelationCount(): number | null {
  return relationCount;
}

/** Start-up: builds the sample if needed, in the background; a failure is logged, not fatal. */
export function prepareSampleDatabase(): Promise<void> {
  const started = performance.now();
  const built = sampleBuilt(sampleDir());
  return openSampleEntry(sampleDir()).then(
    ({ info }) => {
      failed = false;
      logger().info(
        {
          event: "databases.sample_ready",
          built: !built,
          durationMs: Math.round(performance.now() - started),
          ...(built ? {} : { buildMs: info.buildMs }),
        },
        built ? "sample database ready" : "sample database built",
      );
    },
    (err: unknown) => {
      failed = true;
      logger().warn({ event: "databases.sample_unavailable", err }, "sample database could not be built");
    },
  );
}
