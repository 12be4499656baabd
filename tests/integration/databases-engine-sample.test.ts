// The sample shop database: built on first use into its own folder, reopened later, one
// shared read-only instance per folder, with the expected tables and row counts.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { introspectSchema } from "@/server/databases/engine/introspect";
import { openPgliteWorker } from "@/server/databases/engine/pglite-worker";
import { runQuery } from "@/server/databases/engine/query";
import {
  closeAllSampleDatabases,
  closeSampleDatabase,
  openSampleDatabase,
  openSampleEntry,
  type SampleInfo,
} from "@/server/databases/engine/sample";
import type { SqlSession } from "@/server/databases/engine/session";
import { describeTable } from "@/server/databases/engine/tools";
import { errorOf } from "../support/errors";

const dir = path.join(process.env.DATA_DIR!, "sample");
const EXPECTED = {
  categories: 16,
  products: 160,
  customers: 600,
  orders: 2_400,
  order_items: 5_480,
  payments: 2_226,
  shipments: 2_090,
};

let session: SqlSession;
let info: SampleInfo;
let openedInMs: number;

beforeAll(async () => {
  const started = performance.now();
  ({ session, info } = await openSampleEntry(dir));
  openedInMs = performance.now() - started;
  process.stdout.write(
    `sample database: built in ${Math.round(openedInMs)} ms (PGlite initdb ${info.buildMs.initdb} ms, schema and data ${info.buildMs.load} ms)\n`,
  );
});
afterAll(async () => {
  await closeAllSampleDatabases();
});

describe("the sample database", () => {
  it("has the shop's tables, views and exactly the generated rows", async () => {
    expect(info.counts).toEqual(EXPECTED);
    for (const [table, count] of Object.entries(EXPECTED)) {
      const res = await runQuery(session, `SELECT count(*) FROM shop.${table}`);
      expect(res.rows, table).toEqual([[String(count)]]);
    }
    const schema = await introspectSchema(session);
    expect(schema.relations.map((r) => `${r.name}:${r.kind}`)).toEqual([
      "categories:table",
      "customers:table",
      "monthly_revenue:materialized_view",
      "order_items:table",
      "order_totals:view",
      "orders:table",
      "payments:table",
      "products:table",
      "shipments:table",
    ]);
    const items = describeTable(schema, { table: "order_items" });
    expect(items.primaryKey?.columns).toEqual(["order_id", "line_no"]);
    expect(items.foreignKeys.map((fk) => fk.references.table)).toEqual(["orders", "products"]);
    expect(items.comment).toMatch(/lines of an order/);
    expect(describeTable(schema, { table: "orders" }).rowEstimate).toBe(2_400);
    expect(schema.relations.every((r) => r.comment)).toBe(true);
  });

  it("answers questions with unqualified names", async () => {
    const res = await runQuery(
      session,
      "SELECT status, count(*) FROM orders GROUP BY status ORDER BY count(*) DESC LIMIT 1",
    );
    expect(res.rows).toEqual([["delivered", expect.any(String) as unknown]]);
    const totals = await runQuery(session, "SELECT sum(total) FROM order_totals");
    expect(Number(totals.rows[0]?.[0])).toBeGreaterThan(100_000);
  });

  it("is read-only even outside run_query", async () => {
    const direct = await session.query("DELETE FROM shop.orders").then(
      () => null,
      (e: unknown) => e as { code?: string },
    );
    expect(direct?.code).toBe("25006");
    expect((await errorOf(runQuery(session, "UPDATE shop.products SET price = 1"))).code).toBe("READ_ONLY");
    expect((await runQuery(session, "SELECT count(*) FROM shop.orders")).rows).toEqual([["2400"]]);
  });

  it("is one shared instance per folder, and close() from a user does not end it", async () => {
    const again = await openSampleDatabase(dir);
    expect(again).toBe(session);
    await again.close();
    expect((await runQuery(session, "SELECT 1")).rows).toEqual([[1]]);
  });

  it("reopens from its folder without building it again", async () => {
    await closeSampleDatabase(dir);
    const started = performance.now();
    const reopened = await openSampleEntry(dir);
    await runQuery(reopened.session, "SELECT 1");
    const ms = performance.now() - started;
    process.stdout.write(`sample database: reopened and first query in ${Math.round(ms)} ms\n`);
    expect(reopened.info.createdAt).toBe(info.createdAt);
    expect(ms).toBeLessThan(openedInMs);
    await closeSampleDatabase(dir);
  });
});

describe("the worker under the sample", () => {
  it("stops when idle and starts again on the next statement", async () => {
    const worker = openPgliteWorker({ dataDir: path.join(dir, "pgdata"), idleMs: 200 });
    try {
      expect((await worker.query("SELECT count(*) FROM shop.customers")).rows).toEqual([["600"]]);
      await new Promise((r) => setTimeout(r, 600));
      expect((await worker.query("SELECT count(*) FROM shop.categories")).rows).toEqual([["16"]]);
      expect(worker.starts).toBe(2);
    } finally {
      await worker.close();
    }
  });
});

describe("a folder in use by another process", () => {
  it("is refused", async () => {
    const taken = path.join(process.env.DATA_DIR!, "sample-taken");
    mkdirSync(taken, { recursive: true });
    writeFileSync(path.join(taken, "owner.pid"), String(process.ppid)); // alive: the test runner
    const err = await errorOf(openSampleDatabase(taken));
    expect(err.code).toBe("CONNECT_FAILED");
    expect(err.message).toMatch(/in use by another process/);
  });
});
