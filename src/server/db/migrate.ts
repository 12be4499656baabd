// Applies prisma/migrations/*/migration.sql in order, recording each in Prisma's own
// `_prisma_migrations` table, so `prisma migrate status` agrees with us. We run the SQL
// ourselves because the Prisma CLI's deploy command cannot talk to PostgreSQL through the
// 6.x adapter (see shared notes) and spawning it per test database would be slow.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

export type SqlRunner = {
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
};

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "prisma", "migrations");
// Arbitrary constant: one migrating process at a time per PostgreSQL database.
const ADVISORY_LOCK_ID = 4_277_031_605;

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export type Migration = { name: string; sql: string; checksum: string };

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

type AppliedRow = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

/** Migrations in the folder that the database has not finished applying. */
export async function pendingMigrations(sql: SqlRunner, dir?: string): Promise<string[]> {
  const migrations = await readMigrations(dir);
  const rows = await sql.query<{ migration_name: string }>(
    `SELECT migration_name FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
  );
  const applied = new Set(rows.map((r) => r.migration_name));
  return migrations.map((m) => m.name).filter((name) => !applied.has(name));
}

/** Applies pending migrations; returns the names it applied. */
export async function applyMigrations(
  sql: SqlRunner,
  opts: { dir?: string; advisoryLock?: boolean } = {},
): Promise<string[]> {
  const migrations = await readMigrations(opts.dir);
  if (opts.advisoryLock) await sql.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_ID]);
  try {
    await sql.exec(MIGRATIONS_TABLE);
    const rows = await sql.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const applied = new Map(rows.map((r) => [r.migration_name, r]));
    const done: string[] = [];
    for (const m of migrations) {
      const row = applied.get(m.name);
      if (row) {
        if (!row.finished_at) {
          throw new Error(
            `migration ${m.name} started but never finished; inspect the database, then mark it rolled back in _prisma_migrations`,
          );
        }
        if (row.checksum !== m.checksum) {
          throw new Error(`migration ${m.name} was edited after it was applied; add a new migration instead`);
        }
        continue;
      }
      await sql.exec("BEGIN");
      try {
        await sql.exec(m.sql);
        await sql.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await sql.exec("COMMIT");
      } catch (err) {
        await sql.exec("ROLLBACK");
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
      done.push(m.name);
    }
    return done;
  } finally {
    if (opts.advisoryLock) await sql.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_ID]);
  }
}
