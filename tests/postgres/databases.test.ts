// Adding a real PostgreSQL database (CI's throwaway cluster, TEST_DATABASE_URL) through the
// router, with a read-only role as the README advises: the connection test passes step by
// step, the schema browser shows several schemas, composite keys and views, editing keeps
// the saved password for the same server and user, and the Databases tools query it
// read-only. Runs in the PostgreSQL pass (npm run test:postgres).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import { executeTool } from "@/server/agent/execute";
import { loadUserTools } from "@/server/agent/toolset";
import { findDatabase } from "@/server/db/databases";
import { storedPassword } from "@/server/databases/service/settings";
import { useTestDatabase } from "../support/db";
import { errorOf } from "../support/errors";
import { signedInCaller } from "../support/trpc";
import { createPostgresDatabase, FIXTURE_SQL } from "../integration/databases-engine-fixtures";

useTestDatabase();
const role = `agent_reader_${randomBytes(4).toString("hex")}`;
const password = `pw-${randomBytes(6).toString("hex")}`;
let target: Awaited<ReturnType<typeof createPostgresDatabase>>;
let empty: Awaited<ReturnType<typeof createPostgresDatabase>>;
let readerUrl: string;

async function admin(url: string, sql: string): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  if (!process.env.TEST_DATABASE_URL) throw new Error("the PostgreSQL pass needs TEST_DATABASE_URL");
  target = await createPostgresDatabase();
  empty = await createPostgresDatabase();
  await admin(target.url, FIXTURE_SQL);
  await admin(
    target.url,
    `CREATE ROLE ${role} LOGIN PASSWORD '${password}';
     GRANT USAGE ON SCHEMA sales, inventory TO ${role};
     GRANT SELECT ON ALL TABLES IN SCHEMA sales, inventory TO ${role};`,
  );
  const url = new URL(target.url);
  url.username = role;
  url.password = password;
  readerUrl = url.toString();
});
afterAll(async () => {
  await target?.drop();
  await empty?.drop();
  await admin(process.env.TEST_DATABASE_URL!, `DROP ROLE IF EXISTS ${role}`);
});

async function run(userId: string, name: string, args: Record<string, unknown>) {
  const tool = (await loadUserTools(userId)).tools.get(name)!;
  return executeTool(userId, tool, args);
}

describe("a real PostgreSQL database", () => {
  it("passes the connection test step by step, is saved, and its schema is browsable", async () => {
    const { caller, user } = await signedInCaller();
    const steps: string[] = [];
    for await (const ev of await caller.databases.testLive({ connection: { type: "url", url: readerUrl } }))
      if (ev.type === "step") steps.push(`${ev.step.name}:${ev.step.status}`);
      else expect(ev.result).toMatchObject({ ok: true, code: null, server: { user: role } });
    expect(steps).toEqual(["address_check:ok", "connect:ok", "authenticate:ok", "catalog:ok"]);

    const saved = await caller.databases.create({ name: "Warehouse", connection: { type: "url", url: readerUrl } });
    expect(saved).toMatchObject({
      name: "Warehouse",
      kind: "postgres",
      status: "connected",
      connection: { host: "127.0.0.1", user: role, tls: "disable", hasPassword: true },
    });
    expect(saved.relationCount).toBeGreaterThan(5);
    expect(JSON.stringify(await caller.databases.list())).not.toContain(password);
    expect(storedPassword((await findDatabase(user.id, saved.id))!)).toBe(password);

    const schema = await caller.databases.schema({ id: saved.id });
    expect(new Set(schema.relations.map((r) => r.schema))).toEqual(new Set(["sales", "inventory"]));
    const stock = schema.relations.find((r) => r.name === "stock")!;
    expect(stock.primaryKey?.columns).toEqual(["region", "code", "sku"]);
    expect(schema.relations.find((r) => r.name === "big_orders")).toMatchObject({
      kind: "view",
      comment: "Orders over 100",
    });
    expect(schema.edges).toContainEqual({
      name: "orders_warehouse_fk",
      from: { schema: "sales", table: "orders", columns: ["region", "code"] },
      to: { schema: "inventory", table: "warehouses", columns: ["region", "code"] },
    });
  });

  it("keeps the saved password when editing the same server and user, and asks again otherwise", async () => {
    const { caller, user } = await signedInCaller();
    const saved = await caller.databases.create({ name: "Edited", connection: { type: "url", url: readerUrl } });
    const u = new URL(readerUrl);
    const fields = {
      type: "fields" as const,
      host: u.hostname,
      port: Number(u.port),
      database: u.pathname.slice(1),
      user: role,
      tls: "disable" as const,
    };
    expect(await caller.databases.update({ id: saved.id, connection: fields })).toMatchObject({ status: "connected" });
    expect(storedPassword((await findDatabase(user.id, saved.id))!)).toBe(password);
    const moved = await errorOf(caller.databases.update({ id: saved.id, connection: { ...fields, user: "postgres" } }));
    expect(moved.code).toBe("VALIDATION");
    expect(storedPassword((await findDatabase(user.id, saved.id))!)).toBe(password);
  });

  it("is what the tools query by default, read-only, and a write changes nothing", async () => {
    const { caller, user } = await signedInCaller();
    await caller.databases.create({ name: "Sales", connection: { type: "url", url: readerUrl } });
    const count = await run(user.id, "run_query", { sql: "SELECT count(*) AS n FROM sales.orders" });
    expect(count.structured).toMatchObject({ database: { name: "Sales" }, rows: [["30"]] });
    const described = await run(user.id, "describe_table", { database: "sales", table: "inventory.stock" });
    expect(described.text).toContain("Primary key: (region, code, sku)");
    for (const sql of ["DELETE FROM sales.orders", "SELECT sales.sneaky_delete()", "SELECT nextval('sales.counter')"]) {
      const refused = await run(user.id, "run_query", { sql });
      expect(refused, sql).toMatchObject({ ok: false });
      expect(["READ_ONLY", "QUERY_FAILED"]).toContain(refused.errorCode);
    }
    const rows = await admin(target.url, "SELECT count(*)::int AS n FROM sales.orders");
    expect(rows.rows[0]).toEqual({ n: 30 });
    process.env.QUERY_TIMEOUT_MS = "500";
    resetEnvForTests();
    try {
      const slow = await run(user.id, "run_query", { sql: "SELECT pg_sleep(30)" });
      expect(slow).toMatchObject({ ok: false, errorCode: "TIMEOUT" });
    } finally {
      delete process.env.QUERY_TIMEOUT_MS;
      resetEnvForTests();
    }
  });

  it("reads a schema again on request, and warns about a database without tables", async () => {
    const { caller } = await signedInCaller();
    const saved = await caller.databases.create({ name: "Fresh", connection: { type: "url", url: target.url } });
    await admin(target.url, "CREATE TABLE public.added_later (id int)");
    const refreshed = await caller.databases.refreshSchema({ id: saved.id });
    expect(refreshed.relations.map((r) => r.name)).toContain("added_later");

    const nothing = await caller.databases.test({ connection: { type: "url", url: empty.url } });
    expect(nothing).toMatchObject({ ok: true, code: "NO_TABLES" });
    expect(nothing.steps.at(-1)).toMatchObject({ name: "catalog", status: "warning" });
    expect(await caller.databases.delete({ id: saved.id })).toEqual({ id: saved.id });
  });
});
