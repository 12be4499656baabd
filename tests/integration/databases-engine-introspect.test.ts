// Introspection and the schema tools on a schema with several schemas, composite keys,
// views and comments, on PGlite and (with TEST_DATABASE_URL) PostgreSQL. That both agree
// is checked in tests/postgres/databases-engine.test.ts.
import { introspectSchema, type DatabaseSchema } from "@/server/databases/engine/introspect";
import { describeTable, findColumns, listTables, sampleRows } from "@/server/databases/engine/tools";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf } from "../support/errors";
import { ENGINES, FIXTURE_SQL, openEngine, type EngineFixture } from "./databases-engine-fixtures";

describe.each(ENGINES)("introspection on %s", (engine) => {
  let fx: EngineFixture;
  let db: DatabaseSchema;
  beforeAll(async () => {
    fx = await openEngine(engine, FIXTURE_SQL);
    db = await introspectSchema(fx.session);
  });
  afterAll(async () => {
    await fx?.close();
  });

  it("lists every readable relation across schemas, in a stable order, with kinds", () => {
    expect(listTables(db).map((t) => `${t.schema}.${t.name}:${t.kind}`)).toEqual([
      "inventory.stock:table",
      "inventory.stock_per_region:materialized_view",
      "inventory.warehouses:table",
      "public.customers:table",
      "sales.big_orders:view",
      "sales.customers:table",
      "sales.events:table",
      "sales.orders:table",
    ]);
    expect(listTables(db, { schema: "inventory" })).toHaveLength(3);
  });

  it("reads row estimates, with null for never-analyzed tables and for views", () => {
    const byName = new Map(db.relations.map((r) => [`${r.schema}.${r.name}`, r]));
    expect(byName.get("sales.customers")?.rowEstimate).toBe(50);
    expect(byName.get("inventory.warehouses")?.rowEstimate).toBeNull();
    expect(byName.get("sales.big_orders")?.rowEstimate).toBeNull();
  });

  it("describes columns with types, nullability, defaults, comments and ordinals", () => {
    const customers = describeTable(db, { schema: "sales", table: "customers" });
    expect(customers.comment).toBe("People who buy");
    expect(customers.columns).toEqual([
      { name: "id", ordinal: 1, type: "integer", nullable: false, default: null, comment: null },
      { name: "email", ordinal: 2, type: "text", nullable: false, default: null, comment: "Login e-mail address" },
      { name: "name", ordinal: 3, type: "text", nullable: true, default: null, comment: null },
      {
        name: "created_at",
        ordinal: 4,
        type: "timestamp with time zone",
        nullable: true,
        default: "now()",
        comment: null,
      },
    ]);
    const orders = describeTable(db, { table: "sales.orders" });
    expect(orders.columns.find((c) => c.name === "id")?.default).toBe("generated always as identity");
    expect(orders.columns.find((c) => c.name === "total")?.type).toBe("numeric(12,2)");
    expect(orders.columns.find((c) => c.name === "total_with_tax")?.default).toMatch(
      /^generated always as \(.*total.*1\.2.*\) stored$/,
    );
  });

  it("reads composite primary keys, unique constraints, checks and composite foreign keys", () => {
    const stock = describeTable(db, { schema: "inventory", table: "stock" });
    expect(stock.primaryKey).toEqual({ name: "stock_pkey", columns: ["region", "code", "sku"] });
    expect(stock.checks).toEqual([{ name: "qty_not_negative", definition: "CHECK (qty >= 0)" }]);
    expect(stock.foreignKeys).toEqual([
      {
        name: "stock_region_code_fkey",
        columns: ["region", "code"],
        references: { schema: "inventory", table: "warehouses", columns: ["region", "code"] },
        onUpdate: "no action",
        onDelete: "cascade",
      },
    ]);
    const orders = describeTable(db, { schema: "sales", table: "orders" });
    expect(orders.uniqueConstraints).toEqual([{ name: "orders_customer_id_id_key", columns: ["customer_id", "id"] }]);
    expect(
      orders.foreignKeys.map(
        (fk) => `${fk.name}->${fk.references.schema}.${fk.references.table}(${fk.references.columns.join(",")})`,
      ),
    ).toEqual([
      "orders_customer_id_fkey->sales.customers(id)",
      "orders_warehouse_fk->inventory.warehouses(region,code)",
    ]);
  });

  it("reads indexes with their definitions", () => {
    const orders = describeTable(db, { schema: "sales", table: "orders" });
    expect(orders.indexes).toEqual([
      {
        name: "orders_customer_id_id_key",
        definition: "CREATE UNIQUE INDEX orders_customer_id_id_key ON sales.orders USING btree (customer_id, id)",
        unique: true,
        primary: false,
      },
      {
        name: "orders_customer_idx",
        definition: "CREATE INDEX orders_customer_idx ON sales.orders USING btree (customer_id)",
        unique: false,
        primary: false,
      },
      {
        name: "orders_pkey",
        definition: "CREATE UNIQUE INDEX orders_pkey ON sales.orders USING btree (id)",
        unique: true,
        primary: true,
      },
    ]);
  });

  it("describes views with their definition and shows who references a table", () => {
    const view = describeTable(db, { table: "big_orders" });
    expect(view).toMatchObject({ kind: "view", comment: "Orders over 100", primaryKey: null });
    expect(view.definition).toMatch(/total > 100/);
    expect(describeTable(db, { table: "stock_per_region" }).kind).toBe("materialized_view");
    const warehouses = describeTable(db, { schema: "inventory", table: "warehouses" });
    expect(warehouses.referencedBy.map((r) => `${r.schema}.${r.table}(${r.columns.join(",")})`).sort()).toEqual([
      "inventory.stock(region,code)",
      "sales.orders(region,code)",
    ]);
  });

  it("refuses an ambiguous name and suggests close names for a missing one", async () => {
    const ambiguous = await errorOf(() => describeTable(db, { table: "customers" }));
    expect(ambiguous.message).toMatch(/public\.customers, sales\.customers/);
    const missing = await errorOf(() => describeTable(db, { table: "custmers" }));
    expect(missing.code).toBe("NOT_FOUND");
    expect(missing.details?.suggestions).toEqual(["public.customers", "sales.customers"]);
    expect(describeTable(db, { schema: "SALES", table: "Customers" }).name).toBe("customers");
  });

  it("finds columns by name, table and comment, best matches first", () => {
    expect(findColumns(db, "email")[0]).toMatchObject({ schema: "sales", table: "customers", column: "email" });
    expect(findColumns(db, "login address")[0]).toMatchObject({ table: "customers", column: "email" });
    const region = findColumns(db, "stock region");
    expect(region[0]).toMatchObject({ table: "stock", column: "region" });
  });

  it("samples rows through the read-only path", async () => {
    const sample = await sampleRows(fx.session, db, { schema: "sales", table: "customers" }, { limit: 5 });
    expect(sample.columns.map((c) => c.name)).toEqual(["id", "email", "name", "created_at"]);
    expect(sample.rowCount).toBe(5);
    expect(sample.truncated).toBe(true);
    expect(sample.sql).toBe('SELECT * FROM "sales"."customers"');
  });
});
