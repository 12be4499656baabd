// The checked-in migrations must produce exactly the database schema.prisma describes.
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Database } from "@/server/db/client";
import { applyMigrations, readMigrations, type SqlRunner } from "@/server/db/migrate";
import { createTestDatabase } from "../support/db";

async function catalog(sql: SqlRunner) {
  const columns = await sql.query(
    `SELECT table_name, column_name, data_type, is_nullable, column_default
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
      ORDER BY table_name, column_name`,
  );
  const constraints = await sql.query(
    `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'
      ORDER BY 1, 2`,
  );
  const indexes = await sql.query(
    `SELECT tablename, indexname, indexdef FROM pg_indexes
      WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`,
  );
  return { columns, constraints, indexes };
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

async function fresh(migrate = true): Promise<Database> {
  const { db, drop } = await createTestDatabase({ migrate });
  cleanups.push(drop);
  return db;
}

describe("migrations", () => {
  it("build the schema that schema.prisma describes", async () => {
    const expectedSql = execFileSync(
      process.execPath,
      [
        "node_modules/prisma/build/index.js",
        "migrate",
        "diff",
        "--from-empty",
        "--to-schema-datamodel",
        "prisma/schema.prisma",
        "--script",
      ],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    const fromSchema = await fresh(false);
    await fromSchema.sql.exec(expectedSql);
    const fromMigrations = await fresh(); // createTestDatabase applied every migration
    expect(await catalog(fromMigrations.sql)).toEqual(await catalog(fromSchema.sql));
  }, 120_000);

  it("are applied once and recorded the way prisma migrate expects", async () => {
    const db = await fresh();
    expect(await db.migrate()).toEqual([]);
    const rows = await db.sql.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    const onDisk = await readMigrations();
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(onDisk.map((m) => [m.name, m.checksum]));
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
  });

  it("refuse to run when an applied migration was edited", async () => {
    const db = await fresh();
    const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
    cpSync("prisma/migrations", dir, { recursive: true });
    const [first] = await readMigrations();
    writeFileSync(path.join(dir, first!.name, "migration.sql"), `${first!.sql}\n-- edited`);
    await expect(applyMigrations(db.sql, { dir })).rejects.toThrow(/was edited after it was applied/);
  });

  it("roll back a failing migration and apply nothing of it", async () => {
    const db = await fresh();
    const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
    cpSync("prisma/migrations", dir, { recursive: true });
    mkdirSync(path.join(dir, "99990101000000_broken"));
    writeFileSync(
      path.join(dir, "99990101000000_broken", "migration.sql"),
      `CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;`,
    );
    await expect(applyMigrations(db.sql, { dir })).rejects.toThrow(/migration 99990101000000_broken failed/);
    const tables = await db.sql.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'`);
    expect(tables).toHaveLength(0);
  });
});
