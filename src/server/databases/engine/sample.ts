// The sample database: an embedded PGlite database of its own (never the app's), built on
// first use from sample-data.ts and reopened afterwards, used read-only.
//
// PGlite is one connection per data folder and per process, so each folder gets one shared
// worker per process (the registry below) and a lock file against a second process. The
// sample is only ever read, so one folder can serve every user of a deployment. A worker
// holds about 250-300 MB of memory while open; `idleMs` stops it when unused, and the next
// query starts it again (about 1.5 s).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { lockFolder } from "@/server/platform/folder-lock";
import { openPgliteWorker, type PgliteWorkerSession } from "./pglite-worker";
import { buildSampleSql, SAMPLE_VERSION } from "./sample-data";
import type { SqlSession } from "./session";

export type SampleInfo = {
  version: number;
  counts: Record<string, number>;
  createdAt: string;
  /** How long building it took, in ms (database creation, then loading the data). */
  buildMs: { initdb: number; load: number };
};

export type SampleOptions = {
  /** Stop the worker after this long without a query (default 10 minutes). */
  idleMs?: number;
  moduleBases?: string[];
};

type Entry = { session: SqlSession; worker: PgliteWorkerSession; info: SampleInfo; unlock: () => void };

const registry = new Map<string, Promise<Entry>>();

// Read-only from the first statement; unqualified names find the shop's tables.
const SESSION_SETTINGS = { default_transaction_read_only: "on", search_path: "shop, public" };

/** One process per folder: a second one would corrupt the PGlite data. */
function lock(dir: string): () => void {
  return lockFolder(dir, {
    inUse: (owner) =>
      new AppError("CONNECT_FAILED", `The sample database in ${dir} is in use by another process (pid ${owner}).`),
    failed: () => new AppError("CONNECT_FAILED", `Could not lock the sample database in ${dir}.`),
  });
}

function readInfo(file: string): SampleInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(file, "utf8")) as SampleInfo;
    return info.version === SAMPLE_VERSION ? info : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `dir` holds a finished sample of this version (opening it will not build). */
export function sampleBuilt(dir: string): boolean {
  return readInfo(path.join(dir, "sample.json")) !== undefined;
}

async function build(worker: PgliteWorkerSession, infoFile: string): Promise<SampleInfo> {
  const started = performance.now();
  await worker.query("SELECT 1"); // starts the worker: PGlite runs initdb into the empty folder
  const initdb = performance.now() - started;
  const { sql, counts } = buildSampleSql();
  // The worker makes every transaction read-only; the build is the one writer. (Separate
  // calls: in one script the SET would not reach the transaction it is part of.)
  await worker.exec("SET default_transaction_read_only = off");
  await worker.exec(sql);
  await worker.exec("CHECKPOINT");
  await worker.exec("SET default_transaction_read_only = on");
  // The worker that ran initdb keeps that memory (about 800 MB instead of 280 MB);
  // the next query starts a lean one.
  await worker.stop();
  const info: SampleInfo = {
    version: SAMPLE_VERSION,
    counts,
    createdAt: new Date().toISOString(),
    buildMs: { initdb: Math.round(initdb), load: Math.round(performance.now() - started - initdb) },
  };
  // Written last: a folder without it is rebuilt from scratch next time.
  writeFileSync(infoFile, JSON.stringify(info, null, 2));
  return info;
}

async function open(dir: string, opts: SampleOptions): Promise<Entry> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const unlock = lock(dir);
  process.once("exit", unlock);
  const dataDir = path.join(dir, "pgdata");
  const infoFile = path.join(dir, "sample.json");
  const worker = openPgliteWorker({
    dataDir,
    settings: SESSION_SETTINGS,
    idleMs: opts.idleMs ?? 600_000,
    moduleBases: opts.moduleBases,
  });
  try {
    let info = readInfo(infoFile);
    if (!info) {
      rmSync(infoFile, { force: true });
      rmSync(dataDir, { recursive: true, force: true });
      info = await build(worker, infoFile);
    }
    const session: SqlSession = {
      engine: worker.engine,
      query: (sql, params) => worker.query(sql, params),
      exclusive: (work, o) => worker.exclusive(work, o),
      // Shared by every user of this process: closeSampleDatabase() ends it.
      close: () => Promise.resolve(),
    };
    return { session, worker, info, unlock };
  } catch (err) {
    await worker.close().catch(() => undefined);
    unlock();
    process.off("exit", unlock);
    throw err;
  }
}

/**
 * The sample database in `dir`, created there on first use. Every caller in this process
 * gets the same shared session; its close() does nothing (see closeSampleDatabase).
 */
export async function openSampleDatabase(dir: string, opts: SampleOptions = {}): Promise<SqlSession> {
  return (await openSampleEntry(dir, opts)).session;
}

/** Like openSampleDatabase, with what the folder holds and how long building it took. */
export async function openSampleEntry(
  dir: string,
  opts: SampleOptions = {},
): Promise<{ session: SqlSession; info: SampleInfo }> {
  const key = path.resolve(dir);
  let entry = registry.get(key);
  if (!entry) {
    entry = open(key, opts);
    registry.set(key, entry);
    entry.catch(() => registry.delete(key));
  }
  const { session, info } = await entry;
  return { session, info };
}

export async function closeSampleDatabase(dir: string): Promise<void> {
  const key = path.resolve(dir);
  const entry = registry.get(key);
  registry.delete(key);
  const e = await entry?.catch(() => undefined);
  if (!e) return;
  await e.worker.close();
  e.unlock();
  process.off("exit", e.unlock);
}

/** For shutdown and tests. */
export async function closeAllSampleDatabases(): Promise<void> {
  await Promise.all([...registry.keys()].map((dir) => closeSampleDatabase(dir)));
}
