// run_query and explain_query on PGlite and (with TEST_DATABASE_URL) PostgreSQL: writes of
// every kind fail and change nothing, one statement only, deadlines hold, rows are capped.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { explainQuery, runQuery } from "@/server/databases/engine/query";
import { withReadOnlyTransaction } from "@/server/databases/engine/transaction";
import { errorOf } from "../support/errors";
import { ENGINES, FIXTURE_SQL, openEngine, type EngineFixture } from "./databases-engine-fixtures";

const WRITES = [
  "INSERT INTO sales.customers (id, email) VALUES (999, 'x@example.com')",
  "UPDATE sales.customers SET name = 'changed'",
  "DELETE FROM sales.customers",
  "TRUNCATE sales.customers CASCADE",
  "MERGE INTO sales.customers c USING (SELECT 1 AS id) s ON c.id = s.id WHEN MATCHED THEN DELETE",
  "CREATE TABLE sales.intruder (id int)",
  "DROP TABLE sales.events",
  "ALTER TABLE sales.customers ADD COLUMN hacked boolean",
  "GRANT ALL ON sales.customers TO PUBLIC",
  "COPY sales.customers TO STDOUT",
  "CALL sales.nothing()",
  "DO $$ BEGIN DELETE FROM sales.customers; END $$",
  "SET statement_timeout = 0",
  "VACUUM sales.customers",
  "LOCK TABLE sales.customers",
  "EXPLAIN ANALYZE DELETE FROM sales.customers",
  "SELECT nextval('sales.counter')",
  "SELECT pg_catalog.setval('sales.counter', 42)",
  "SELECT set_config('statement_timeout', '0', false)",
  `SELECT "set_config"('work_mem', '1GB', false)`,
  "SELECT set_config /* spaced */ ('work_mem', '1GB', false)",
  "SELECT pg_advisory_lock(16)",
  "SELECT query_to_xml('DELETE FROM sales.customers', true, false, '')",
  "WITH gone AS (DELETE FROM sales.customers RETURNING *) SELECT count(*) FROM gone",
  "WITH moved AS (UPDATE sales.customers SET name = 'x' RETURNING id) SELECT * FROM moved",
  "SELECT * FROM sales.customers FOR UPDATE",
  "SELECT * INTO sales.copy_of_customers FROM sales.customers",
  "SELECT sales.sneaky_delete()",
  "SELECT sales.sneaky_next()",
  "(DELETE FROM sales.customers)",
];

const MULTIPLE = [
  "SELECT 1; SELECT 2",
  "SELECT 1; DELETE FROM sales.customers",
  "SELECT ';' AS a; DELETE FROM sales.customers",
  "SELECT $x$ it's $x$; DELETE FROM sales.customers",
  "SELECT 1 /* nested /* comment */ still */; DELETE FROM sales.customers",
  "SELECT E'\\';'; DELETE FROM sales.customers",
];

describe.each(ENGINES)("run_query on %s", (engine) => {
  let fx: EngineFixture;
  let initial: unknown[] | undefined;
  beforeAll(async () => {
    fx = await openEngine(engine, FIXTURE_SQL);
    initial = await state();
  });
  afterAll(async () => {
    await fx?.close();
  });

  // Read straight from the session, not through the code under test.
  const state = async () =>
    (
      await fx.session.query(
        `SELECT (SELECT count(*) FROM sales.customers), (SELECT count(*) FROM sales.customers WHERE name = 'changed' OR name = 'x'),
                (SELECT is_called FROM sales.counter), (SELECT count(*) FROM pg_class WHERE relname IN ('intruder', 'copy_of_customers')),
                (SELECT count(*) FROM information_schema.columns WHERE column_name = 'hacked'), to_regclass('sales.events') IS NOT NULL,
                current_setting('work_mem'), (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory')`,
      )
    ).rows[0];

  it("returns typed columns and JSON-safe values", async () => {
    const res = await runQuery(
      fx.session,
      "SELECT id, payload, data, happened_at, day, amount, big, ratio, flag, tags, note FROM sales.events ORDER BY id;",
    );
    expect(res.sql).toBe(
      "SELECT id, payload, data, happened_at, day, amount, big, ratio, flag, tags, note FROM sales.events ORDER BY id",
    );
    expect(res.columns.map((c) => c.type)).toEqual([
      "integer",
      "jsonb",
      "bytea",
      "timestamp with time zone",
      "date",
      "numeric",
      "bigint",
      "double precision",
      "boolean",
      "text[]",
      "text",
    ]);
    const [first, second] = res.rows;
    expect(first?.slice(0, 10)).toEqual([
      1,
      { a: [1, 2], b: null },
      "\\x00ff10",
      "2024-03-01T12:30:45.123Z",
      "2024-03-01",
      "12345678901234567890.5",
      "9007199254740993",
      0.25,
      true,
      '{x,"y z"}',
    ]);
    expect(first?.[10]).toMatch(/^(long ){100}.*… \(1000 characters\)$/);
    expect(second).toEqual([2, null, null, null, null, "NaN", null, "Infinity", false, null, null]);
    expect(JSON.parse(JSON.stringify(res.rows))).toEqual(res.rows);
  });

  it.each(WRITES)("refuses %s and changes nothing", async (sql) => {
    const before = await state();
    const err = await errorOf(runQuery(fx.session, sql));
    expect(err.code, err.message).toBe("READ_ONLY");
    expect(await state()).toEqual(before);
  });

  it("left everything as it was after all those attempts", async () => {
    expect(initial?.slice(0, 6)).toEqual(["50", "0", "f", "0", "0", "t"]);
    expect(await state()).toEqual(initial);
  });

  it("refuses writes in the transaction itself, past the SQL check, and rolls back the rest", async () => {
    const direct = (sql: string) =>
      withReadOnlyTransaction(fx.session, { timeoutMs: 5_000 }, (query) => query(sql)).then(
        () => "ran",
        (e: unknown) => (e as { code?: string }).code,
      );
    expect(await direct("INSERT INTO sales.customers (id, email) VALUES (998, 'y@example.com')")).toBe("25006");
    expect(await direct("SELECT nextval('sales.counter')")).toBe("25006");
    expect(await direct("SELECT sales.sneaky_delete()")).toBe("25006");
    expect(await direct("SELECT set_config('work_mem', '64MB', false)")).toBe("ran");
    expect(await state()).toEqual(initial);
  });

  it.each(MULTIPLE)("refuses several statements: %s", async (sql) => {
    const err = await errorOf(runQuery(fx.session, sql));
    expect(err.code).toBe("VALIDATION");
    expect(err.message).toMatch(/one statement/);
  });

  it("accepts semicolons inside strings, comments and a trailing one", async () => {
    const res = await runQuery(fx.session, "-- leading ; comment\nSELECT ';' AS a, $q$;$q$ AS b /* ; */ ;  ");
    expect(res.rows).toEqual([[";", ";"]]);
  });

  it("leaves a second statement to the protocol even when the session is used directly", async () => {
    const err = await fx.session.query("SELECT 1; SELECT 2").then(
      () => null,
      (e: unknown) => e as { code?: string },
    );
    expect(err?.code).toBe("42601");
  });

  it("caps rows at rowLimit and says when it did", async () => {
    const capped = await runQuery(fx.session, "SELECT g FROM generate_series(1, 100000) g", { rowLimit: 10 });
    expect(capped.rows).toEqual(Array.from({ length: 10 }, (_, i) => [i + 1]));
    expect(capped.truncated).toBe(true);
    const exact = await runQuery(fx.session, "SELECT g FROM generate_series(1, 10) g", { rowLimit: 10 });
    expect(exact).toMatchObject({ rowCount: 10, truncated: false });
  });

  it("stops a sleeping query at the deadline and keeps working afterwards", async () => {
    const started = performance.now();
    const err = await errorOf(runQuery(fx.session, "SELECT pg_sleep(10)", { statementTimeoutMs: 300 }));
    expect(err.code).toBe("TIMEOUT");
    // Far below the minutes the full scan would take; loose because CI machines are shared.
    expect(performance.now() - started).toBeLessThan(15_000);
    expect((await runQuery(fx.session, "SELECT count(*) FROM sales.customers")).rows).toEqual([["50"]]);
  });

  it("stops a busy query at the deadline without blocking the app", async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    const started = performance.now();
    const err = await errorOf(
      runQuery(fx.session, "SELECT count(*) FROM generate_series(1, 2000000000)", { statementTimeoutMs: 400 }),
    );
    clearInterval(ticker);
    expect(err.code).toBe("TIMEOUT");
    // Far below the minutes the full scan would take; loose because CI machines are shared.
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(ticks).toBeGreaterThan(5); // the event loop kept running meanwhile
    expect((await runQuery(fx.session, "SELECT 1 AS ok")).rows).toEqual([[1]]);
  });

  it("explains the SQL the database would refuse, with the position in the user's text", async () => {
    const err = await errorOf(runQuery(fx.session, "SELECT nope FROM sales.customers"));
    expect(err.code).toBe("QUERY_FAILED");
    expect(err.details).toMatchObject({ sqlstate: "42703", position: 8 });
    expect(err.message).toMatch(/nope/);
  });

  it("runs concurrent queries on one session one after the other", async () => {
    const results = await Promise.all(
      [1, 2, 3].map((n) => runQuery(fx.session, `SELECT ${n} AS n, count(*) FROM sales.orders`)),
    );
    expect(results.map((r) => r.rows[0])).toEqual([
      [1, "30"],
      [2, "30"],
      [3, "30"],
    ]);
  });

  it("explains a query without running it, and refuses to explain a write", async () => {
    const { plan } = await explainQuery(fx.session, "SELECT * FROM sales.orders WHERE customer_id = 3");
    expect(plan).toMatch(/Scan/);
    const writable = await errorOf(
      explainQuery(fx.session, "WITH d AS (DELETE FROM sales.customers RETURNING 1) SELECT * FROM d"),
    );
    expect(writable.code).toBe("READ_ONLY");
    expect((await errorOf(explainQuery(fx.session, "DELETE FROM sales.customers"))).code).toBe("READ_ONLY");
    expect(await state()).toEqual(initial);
  });
});
