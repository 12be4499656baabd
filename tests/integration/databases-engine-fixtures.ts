// A user's database for the engine tests, on embedded PGlite (in its worker, as in
// production) and, when TEST_DATABASE_URL is set, on a throwaway PostgreSQL database
// reached through connectPostgres like a user's server.
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { connectPostgres } from "@/server/databases/engine/connect";
import { parseConnectionUrl } from "@/server/databases/engine/connection-input";
import { openPgliteWorker } from "@/server/databases/engine/pglite-worker";
import type { SqlSession } from "@/server/databases/engine/session";

export type EngineName = "pglite" | "postgres";

export const ENGINES: EngineName[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

export type EngineFixture = {
  name: EngineName;
  session: SqlSession;
  /** Runs trusted SQL outside the engine's read-only path (setup and checks). */
  admin(sql: string): Promise<void>;
  close(): Promise<void>;
};

export const allowAll = () => Promise.resolve();

async function withClient(url: string, work: (c: pg.Client) => Promise<void>): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await work(c);
  } finally {
    await c.end();
  }
}

/** A new, empty database on the TEST_DATABASE_URL server; drop() removes it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `engine_${randomBytes(6).toString("hex")}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`).then(() => undefined));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  url.searchParams.set("sslmode", "disable");
  return {
    url: url.toString(),
    drop: () =>
      withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined)),
  };
}

export async function openEngine(name: EngineName, setupSql: string): Promise<EngineFixture> {
  if (name === "pglite") {
    const worker = openPgliteWorker({
      dataDir: path.join(process.env.DATA_DIR!, `engine-${randomBytes(4).toString("hex")}`),
    });
    await worker.exec(setupSql);
    return { name, session: worker, admin: (sql) => worker.exec(sql), close: () => worker.close() };
  }
  const db = await createPostgresDatabase();
  await withClient(db.url, (c) => c.query(setupSql).then(() => undefined));
  const session = await connectPostgres(parseConnectionUrl(db.url), { checkAddress: allowAll });
  return {
    name,
    session,
    admin: (sql) => withClient(db.url, (c) => c.query(sql).then(() => undefined)),
    close: async () => {
      await session.close();
      await db.drop();
    },
  };
}

/** Several schemas, composite keys, views, comments, a sequence and every common type. */
export const FIXTURE_SQL = `
CREATE SCHEMA sales;
CREATE SCHEMA inventory;
CREATE TABLE sales.customers (
  id integer PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text,
  created_at timestamptz DEFAULT now()
);
COMMENT ON TABLE sales.customers IS 'People who buy';
COMMENT ON COLUMN sales.customers.email IS 'Login e-mail address';
CREATE TABLE inventory.warehouses (
  region text,
  code text,
  city text NOT NULL,
  PRIMARY KEY (region, code)
) WITH (autovacuum_enabled = off);
CREATE TABLE inventory.stock (
  region text,
  code text,
  sku text,
  qty integer NOT NULL DEFAULT 0 CONSTRAINT qty_not_negative CHECK (qty >= 0),
  PRIMARY KEY (region, code, sku),
  FOREIGN KEY (region, code) REFERENCES inventory.warehouses (region, code) ON DELETE CASCADE
);
CREATE TABLE sales.orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES sales.customers (id),
  region text,
  code text,
  total numeric(12,2),
  total_with_tax numeric(12,2) GENERATED ALWAYS AS (total * 1.2) STORED,
  CONSTRAINT orders_warehouse_fk FOREIGN KEY (region, code) REFERENCES inventory.warehouses (region, code),
  CONSTRAINT orders_customer_id_id_key UNIQUE (customer_id, id)
);
CREATE INDEX orders_customer_idx ON sales.orders (customer_id);
CREATE TABLE public.customers (id integer);
CREATE VIEW sales.big_orders AS SELECT id, total FROM sales.orders WHERE total > 100;
COMMENT ON VIEW sales.big_orders IS 'Orders over 100';
CREATE SEQUENCE sales.counter;
CREATE TABLE sales.events (
  id integer, payload jsonb, data bytea, happened_at timestamptz, day date, amount numeric,
  big bigint, ratio float8, flag boolean, tags text[], note text
);
INSERT INTO sales.customers (id, email, name) SELECT g, 'c' || g || '@example.com', 'Customer ' || g FROM generate_series(1, 50) g;
INSERT INTO inventory.warehouses VALUES ('eu', 'ams', 'Amsterdam'), ('us', 'nyc', 'New York');
INSERT INTO inventory.stock VALUES ('eu', 'ams', 'A-1', 5), ('us', 'nyc', 'A-1', 7);
INSERT INTO sales.orders (customer_id, region, code, total) SELECT 1 + g % 50, 'eu', 'ams', g * 10 FROM generate_series(1, 30) g;
INSERT INTO sales.events VALUES
  (1, '{"a": [1, 2], "b": null}', '\\x00ff10', '2024-03-01 12:30:45.123+00', '2024-03-01', 12345678901234567890.5,
   9007199254740993, 0.25, true, '{x,"y z"}', repeat('long ', 200)),
  (2, NULL, NULL, NULL, NULL, 'NaN', NULL, 'Infinity', false, NULL, NULL);
CREATE MATERIALIZED VIEW inventory.stock_per_region AS SELECT region, sum(qty) AS qty FROM inventory.stock GROUP BY region;
CREATE FUNCTION sales.sneaky_delete() RETURNS integer LANGUAGE plpgsql AS $$ BEGIN DELETE FROM sales.customers; RETURN 1; END $$;
CREATE FUNCTION sales.sneaky_next() RETURNS bigint LANGUAGE sql AS $$ SELECT nextval('sales.counter') $$;
ANALYZE sales.customers;
`;
