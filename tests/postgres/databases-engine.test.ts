// The database engine against a real PostgreSQL (TEST_DATABASE_URL): the connection test's
// positive and server-side refusals, and introspection that agrees with PGlite's.
import { connectPostgres } from "@/server/databases/engine/connect";
import { parseConnectionUrl } from "@/server/databases/engine/connection-input";
import { testPostgresConnection, type DatabaseTestResult } from "@/server/databases/engine/connection-test";
import { introspectSchema, type DatabaseSchema } from "@/server/databases/engine/introspect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allowAll, createPostgresDatabase, FIXTURE_SQL, openEngine } from "../integration/databases-engine-fixtures";

const statuses = (r: DatabaseTestResult) => r.steps.map((s) => `${s.name}:${s.status}`);

describe("the connection test against PostgreSQL", () => {
  let db: Awaited<ReturnType<typeof createPostgresDatabase>>;
  beforeAll(async () => {
    db = await createPostgresDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });
  const real = (input: unknown) => testPostgresConnection(input, { checkAddress: allowAll, timeoutMs: 5_000 });

  it("warns about a database without tables, then passes once it has one", async () => {
    const empty = await real({ url: db.url });
    expect(empty).toMatchObject({ ok: true, code: "NO_TABLES", relationCount: 0 });
    expect(statuses(empty)).toEqual(["address_check:ok", "connect:ok", "authenticate:ok", "catalog:warning"]);
    const session = await connectPostgres(parseConnectionUrl(db.url), { checkAddress: allowAll });
    await session.close();
    const { Client } = (await import("pg")).default;
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    await admin.query("CREATE TABLE t (id int); CREATE VIEW v AS SELECT * FROM t");
    await admin.end();
    const ok = await real({ url: db.url });
    expect(ok).toMatchObject({
      ok: true,
      code: null,
      relationCount: 2,
      server: { user: "postgres", version: expect.stringMatching(/^\d+/) as unknown },
    });
    expect(statuses(ok)).toEqual(["address_check:ok", "connect:ok", "authenticate:ok", "catalog:ok"]);
  });

  it("names a missing database and a missing role, and a server without TLS", async () => {
    const u = new URL(db.url);
    u.pathname = "/no_such_database";
    expect(await real({ url: u.toString() })).toMatchObject({
      code: "CONNECT_FAILED",
      message: expect.stringMatching(/no database named no_such_database/) as unknown,
    });
    const role = new URL(db.url);
    role.username = "no_such_role";
    expect(await real({ url: role.toString() })).toMatchObject({ code: "AUTH_FAILED" });
    const tlsUrl = new URL(db.url);
    tlsUrl.searchParams.set("sslmode", "require");
    expect(await real({ url: tlsUrl.toString() })).toMatchObject({
      code: "CONNECT_FAILED",
      hint: expect.stringMatching(/disable/) as unknown,
    });
  });
});

describe("PGlite and PostgreSQL", () => {
  it("introspect the same schema identically", async () => {
    const schemas: DatabaseSchema[] = [];
    for (const engine of ["pglite", "postgres"] as const) {
      const fx = await openEngine(engine, FIXTURE_SQL);
      try {
        schemas.push(await introspectSchema(fx.session));
      } finally {
        await fx.close();
      }
    }
    // Only the pretty-printed view text may differ between PostgreSQL versions.
    const strip = (db: DatabaseSchema | undefined) =>
      db?.relations.map((r) => ({ ...r, definition: r.definition === null }));
    expect(schemas[0]!.relations.length).toBeGreaterThan(0);
    expect(strip(schemas[0])).toEqual(strip(schemas[1]));
  });
});
