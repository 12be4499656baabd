// A fresh, fully migrated database for each test file: in-memory PGlite by default, or a
// new database on the PostgreSQL server TEST_DATABASE_URL points at.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { openPglite, openPostgres, useDatabase, type Database } from "@/server/db/client";

export async function createTestDatabase(
  opts: { migrate?: boolean } = {},
): Promise<{ db: Database; drop: () => Promise<void>; url?: string }> {
  const migrate = opts.migrate ?? true;
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const db = openPglite();
    if (migrate) await db.migrate();
    return { db, drop: () => db.close() };
  }
  const name = `test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = openPostgres(url.toString());
  if (migrate) await db.migrate();
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Registers hooks that give this test file its own database. */
export function useTestDatabase(): { current: () => Database } {
  let state: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  beforeAll(async () => {
    state = await createTestDatabase();
    useDatabase(state.db);
  });
  afterAll(async () => {
    useDatabase(undefined);
    await state?.drop();
  });
  return {
    current: () => {
      if (!state) throw new Error("test database not ready");
      return state.db;
    },
  };
}
