// A SqlSession on an embedded PGlite database that runs in its own worker thread.
//
// Why a worker: PGlite executes SQL synchronously inside Wasm on the thread that calls it,
// and it does not enforce statement_timeout (no timer signals in Wasm; measured: with
// statement_timeout = 200 ms, pg_sleep(1) and a 11 s count(*) both ran to the end). On the
// app's thread one slow query would freeze every request. In a worker the app stays
// responsive, and a deadline is enforced by terminating the worker: the transaction dies
// with it (PostgreSQL recovers the data folder on the next start, as after a crash), and
// the next query starts a fresh worker.
import path from "node:path";
import { Worker } from "node:worker_threads";
import { AppError } from "@/lib/errors";
import type { PgErrorFields } from "./errors";
import { Mutex, type SqlParam, type SqlQuery, type SqlResult, type SqlSession } from "./session";

// Plain CommonJS, evaluated by the worker: the bundler must not rewrite its require.
const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const { createRequire } = require("node:module");
const path = require("node:path");
const fields = (e) => ({ message: String((e && e.message) || e), code: e && e.code, position: e && e.position, detail: e && e.detail, hint: e && e.hint });
function loadPglite() {
  let last;
  for (const base of workerData.moduleBases) {
    try { return createRequire(path.join(base, "noop.js"))("@electric-sql/pglite"); } catch (e) { last = e; }
  }
  throw last;
}
(async () => {
  const { PGlite } = loadPglite();
  const db = await PGlite.create(workerData.dataDir);
  for (const [name, value] of workerData.settings) await db.query("SELECT set_config($1, $2, false)", [name, value]);
  const raw = {};
  for (const oid of Object.keys(db.parsers)) raw[oid] = (text) => text;
  parentPort.on("message", async (m) => {
    try {
      if (m.op === "close") { await db.close(); parentPort.postMessage({ id: m.id, result: null }); return; }
      if (m.op === "exec") { await db.exec(m.sql); parentPort.postMessage({ id: m.id, result: null }); return; }
      const r = await db.query(m.sql, m.params, { rowMode: "array", parsers: raw });
      parentPort.postMessage({ id: m.id, result: { fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })), rows: r.rows } });
    } catch (e) { parentPort.postMessage({ id: m.id, error: fields(e) }); }
  });
  parentPort.postMessage({ type: "ready" });
})().catch((e) => parentPort.postMessage({ type: "fatal", error: fields(e) }));
`;

type WorkerReply =
  | { type: "ready" }
  | { type: "fatal"; error: PgErrorFields }
  | { id: number; result: SqlResult | null }
  | { id: number; error: PgErrorFields };

type Call = { resolve: (r: SqlResult | null) => void; reject: (e: Error) => void };

export type PgliteWorkerOptions = {
  dataDir: string;
  /**
   * Session settings applied each time the worker starts, e.g. default_transaction_read_only
   * or search_path (PGlite does not apply ALTER DATABASE … SET when it starts).
   */
  settings?: Record<string, string>;
  /** Stops the worker after this long without a statement; the next one starts it again. */
  idleMs?: number;
  /** Folders "@electric-sql/pglite" is resolved from, before the working directory. */
  moduleBases?: string[];
};

export type PgliteWorkerSession = SqlSession & {
  /** Runs a trusted script of several statements (simple protocol), e.g. creating a schema. */
  exec(script: string): Promise<void>;
  /** Stops the worker now (freeing its memory); the next statement starts a fresh one. */
  stop(): Promise<void>;
  /** How many times a worker was started (restarts after a deadline or idle stop count). */
  readonly starts: number;
};

function dbError(fields: PgErrorFields): Error {
  return Object.assign(new Error(fields.message), fields);
}

export function openPgliteWorker(opts: PgliteWorkerOptions): PgliteWorkerSession {
  const mutex = new Mutex();
  const pending = new Map<number, Call>();
  const workerData = {
    dataDir: path.resolve(opts.dataDir),
    settings: Object.entries(opts.settings ?? {}),
    moduleBases: [...(opts.moduleBases ?? []), process.cwd()],
  };
  let worker: Worker | undefined;
  let ready: Promise<Worker> | undefined;
  let closed = false;
  let starts = 0;
  let nextId = 1;
  let idleTimer: NodeJS.Timeout | undefined;

  const failAll = (err: Error) => {
    for (const call of pending.values()) call.reject(err);
    pending.clear();
  };

  const start = (): Promise<Worker> => {
    ready ??= new Promise<Worker>((resolve, reject) => {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData });
      worker = w;
      starts += 1;
      const gone = (reason: string) => {
        if (worker !== w) return;
        worker = undefined;
        ready = undefined;
        const err = new AppError("CONNECT_FAILED", `The embedded database stopped (${reason}).`);
        failAll(err);
        reject(err);
      };
      w.on("message", (msg: WorkerReply) => {
        if ("type" in msg) {
          if (msg.type === "ready") resolve(w);
          else gone(`it could not start: ${msg.error.message}`);
          return;
        }
        const call = pending.get(msg.id);
        pending.delete(msg.id);
        if (pending.size === 0) w.unref();
        if ("error" in msg) call?.reject(dbError(msg.error));
        else call?.resolve(msg.result);
      });
      w.on("error", (err) => gone(err.message));
      w.on("exit", (code) => gone(`exit code ${code}`));
    });
    return ready;
  };

  const send = async (op: "query" | "exec" | "close", sql = "", params: readonly SqlParam[] = []) => {
    if (closed && op !== "close") throw new AppError("CONNECT_FAILED", "The embedded database is closed.");
    const w = await start();
    const id = nextId++;
    return new Promise<SqlResult | null>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.ref(); // a statement in flight keeps the process alive; an idle worker does not
      w.postMessage({ id, op, sql, params });
    });
  };

  const stop = async () => {
    const w = worker;
    if (!w) return;
    await Promise.race([send("close").catch(() => null), new Promise((r) => setTimeout(r, 5_000).unref())]);
    worker = undefined;
    ready = undefined;
    await w.terminate();
    failAll(new AppError("CONNECT_FAILED", "The embedded database was stopped.")); // an unanswered close
  };

  const kill = (err: Error) => {
    const w = worker;
    worker = undefined;
    ready = undefined;
    failAll(err);
    void w?.terminate();
  };

  const touch = () => {
    clearTimeout(idleTimer);
    if (opts.idleMs === undefined || closed) return;
    idleTimer = setTimeout(() => void mutex.run(() => (pending.size === 0 ? stop() : Promise.resolve())), opts.idleMs);
    idleTimer.unref();
  };

  const query: SqlQuery = async (sql, params) => (await send("query", sql, params)) ?? { fields: [], rows: [] };

  const locked = async <T>(work: () => Promise<T>): Promise<T> =>
    mutex.run(async () => {
      clearTimeout(idleTimer);
      try {
        return await work();
      } finally {
        touch();
      }
    });

  return {
    engine: "pglite",
    get starts() {
      return starts;
    },
    query: (sql, params) => locked(() => query(sql, params)),
    exec: (script) => locked(async () => void (await send("exec", script))),
    stop: () => mutex.run(stop),
    exclusive: (work, o) =>
      locked(async () => {
        if (o?.timeoutMs === undefined) return work(query);
        await start(); // starting the worker does not count against the statement's time
        const timeout = new AppError("TIMEOUT", `The query did not finish within ${o.timeoutMs} ms and was stopped.`);
        let expired = false;
        // Statements `work` sends after the deadline must not start a fresh worker.
        const guarded: SqlQuery = (sql, params) => (expired ? Promise.reject(timeout) : query(sql, params));
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            expired = true;
            kill(timeout);
            reject(timeout);
          }, o.timeoutMs);
        });
        const running = work(guarded);
        try {
          return await Promise.race([running, deadline]);
        } finally {
          clearTimeout(timer);
          if (expired) await running.catch(() => undefined);
        }
      }),
    close: () =>
      mutex.run(async () => {
        closed = true;
        clearTimeout(idleTimer);
        await stop();
      }),
  };
}
