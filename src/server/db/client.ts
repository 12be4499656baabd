// The one Prisma client of the process, on the embedded PGlite database (default) or on
// PostgreSQL when DATABASE_URL is set. Only the repositories in this folder use `prisma()`;
// the rest of the app comes here for the database's lifecycle (prepare, migrate, close).
import { env } from "@/env";
import { logger } from "@/server/platform/log";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { lockFolder } from "@/server/platform/folder-lock";
import { ensurePrivateDir } from "@/server/platform/private-dir";
import path from "node:path";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "./generated/client";
import { applyMigrations, type SqlRunner } from "./migrate";
import { pgListener, type Listener } from "./pg-listen";

export type Database = {
  kind: "pglite" | "postgres";
  prisma: PrismaClient;
  /** Raw SQL, for migrations and schema checks. */
  sql: SqlRunner;
  /** Applies pending migrations. */
  migrate(): Promise<string[]>;
  /** PostgreSQL's LISTEN, for notifications between app instances; absent on PGlite (one process). */
  listen?: Listener;
  close(): Promise<void>;
};

function pgliteRunner(db: PGlite): SqlRunner {
  return {
    exec: async (sql) => {
      await db.exec(sql);
    },
    query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
  };
}

/**
 * PGlite is one process's database: a second process on the same folder would corrupt
 * it. A lock file names the owner; a lock left by a process that died is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  return lockFolder(dataDir, {
    inUse: (owner) =>
      new Error(
        `The embedded database in ${dataDir} is in use by another Connectors process (pid ${owner}). Stop it, or start this one with another DATA_DIR.`,
      ),
    failed: () => new Error(`Could not lock ${dataDir}.`),
  });
}

/** PGlite stored in `dataDir`, or in memory when it is undefined. */
export function openPglite(dataDir?: string): Database {
  let unlock = () => undefined as void;
  if (dataDir) {
    ensurePrivateDir(dataDir);
    unlock = lockDataDir(dataDir);
    process.once("exit", unlock);
  }
  const lite = new PGlite(dataDir);
  // pglite-prisma-adapter 0.6 is typed against an older driver-adapter-utils than
  // Prisma 6.19; the runtime contract it implements is the same.
  const adapter = new PrismaPGlite(lite) as unknown as NonNullable<
    ConstructorParameters<typeof PrismaClient>[0]
  >["adapter"];
  const prisma = new PrismaClient({ adapter });
  const sql = pgliteRunner(lite);
  return {
    kind: "pglite",
    prisma,
    sql,
    migrate: () => applyMigrations(sql),
    close: async () => {
      await prisma.$disconnect();
      if (!lite.closed) await lite.close();
      unlock();
    },
  };
}

export function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server drops (restart, failover) must not crash the process;
  // the pool replaces it on next use.
  pool.on("error", (err) => logger().warn({ event: "db.connection_lost", err }, "database connection lost"));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const listener = pgListener(url);
  return {
    kind: "postgres",
    prisma,
    listen: listener.listen,
    sql: {
      exec: async (text) => {
        await pool.query(text);
      },
      query: async <T>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as T[],
    },
    migrate: async () => {
      const client = await pool.connect();
      try {
        return await applyMigrations(
          {
            exec: async (sql) => {
              await client.query(sql);
            },
            query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
          },
          { advisoryLock: true },
        );
      } finally {
        client.release();
      }
    },
    close: async () => {
      await listener.close();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

export function openConfiguredDatabase(): Database {
  const e = env();
  if (e.DATABASE_URL) return openPostgres(e.DATABASE_URL);
  ensurePrivateDir(path.resolve(e.DATA_DIR));
  return openPglite(path.resolve(e.DATA_DIR, "pglite"));
}

// Kept on globalThis so Next's dev reloads do not open a second PGlite on the same folder.
const holder = globalThis as unknown as { __connectorsDb?: Database; __connectorsDbReady?: Promise<void> };

export function database(): Database {
  holder.__connectorsDb ??= openConfiguredDatabase();
  return holder.__connectorsDb;
}

export function prisma(): PrismaClient {
  return database().prisma;
}

/**
 * Opens the database at start-up. On the embedded default it applies pending migrations
 * itself; a PostgreSQL deployment runs `npm run db:migrate` as a release step.
 */
export function prepareDatabase(): Promise<void> {
  holder.__connectorsDbReady ??= (async () => {
    const db = database();
    if (db.kind === "pglite") await db.migrate();
  })();
  return holder.__connectorsDbReady;
}

/** Points the repositories at a test database. */
export function useDatabase(db: Database | undefined): void {
  holder.__connectorsDb = db;
  holder.__connectorsDbReady = db ? Promise.resolve() : undefined;
}
