// The schema tools over a hand-built schema: name resolution, suggestions and ranking.
import { describe, expect, it } from "vitest";
import type { Column, DatabaseSchema, Relation } from "@/server/databases/engine/introspect";
import { describeTable, findColumns, findRelation, listTables } from "@/server/databases/engine/tools";
import { errorOf } from "../support/errors";

function column(name: string, extra: Partial<Column> = {}): Column {
  return { name, ordinal: 1, type: "text", nullable: true, default: null, comment: null, ...extra };
}

function relation(schema: string, name: string, columns: Column[], extra: Partial<Relation> = {}): Relation {
  return {
    schema,
    name,
    kind: "table",
    comment: null,
    rowEstimate: null,
    columns,
    primaryKey: null,
    uniqueConstraints: [],
    foreignKeys: [],
    checks: [],
    indexes: [],
    definition: null,
    ...extra,
  };
}

const db: DatabaseSchema = {
  relations: [
    relation(
      "billing",
      "invoices",
      [
        column("id", { type: "integer" }),
        column("customer_id", { type: "integer" }),
        column("issued_on", { type: "date", comment: "When the invoice was sent" }),
      ],
      {
        foreignKeys: [
          {
            name: "invoices_customer_fk",
            columns: ["customer_id"],
            references: { schema: "crm", table: "customers", columns: ["id"] },
            onUpdate: "no action",
            onDelete: "restrict",
          },
        ],
      },
    ),
    relation(
      "crm",
      "customers",
      [
        column("id", { type: "integer" }),
        column("email_address"),
        column("full_name", { comment: "Name as the customer wrote it" }),
      ],
      { comment: "Everyone with an account", rowEstimate: 12 },
    ),
    relation("crm", "Contacts", [column("phone")]),
    relation("public", "customer_notes", [column("body")]),
  ],
};

describe("schema tools", () => {
  it("list tables, optionally in one schema", () => {
    expect(listTables(db, { schema: "crm" })).toEqual([
      {
        schema: "crm",
        name: "customers",
        kind: "table",
        rowEstimate: 12,
        columnCount: 3,
        comment: "Everyone with an account",
      },
      { schema: "crm", name: "Contacts", kind: "table", rowEstimate: null, columnCount: 1, comment: null },
    ]);
  });

  it("resolve names exactly, then case-insensitively, also as schema.table", () => {
    expect(findRelation(db, { table: "Contacts" }).name).toBe("Contacts");
    expect(findRelation(db, { table: "contacts" }).name).toBe("Contacts");
    expect(findRelation(db, { table: "crm.customers" }).schema).toBe("crm");
    expect(findRelation(db, { schema: "CRM", table: "CUSTOMERS" }).name).toBe("customers");
  });

  it("suggest close names when a table does not exist", async () => {
    const err = await errorOf(() => findRelation(db, { table: "invoice" }));
    expect(err.code).toBe("NOT_FOUND");
    expect(err.message).toBe("No table or view named invoice. Did you mean billing.invoices?");
    const typo = await errorOf(() => findRelation(db, { table: "custmers" }));
    expect(typo.details?.suggestions).toEqual(["crm.customers"]);
    const nothing = await errorOf(() => findRelation(db, { schema: "crm", table: "zzzzzz" }));
    expect(nothing.message).toBe("No table or view named crm.zzzzzz.");
  });

  it("describe a table with the foreign keys that point at it", () => {
    expect(describeTable(db, { table: "customers" }).referencedBy).toEqual([
      {
        schema: "billing",
        table: "invoices",
        name: "invoices_customer_fk",
        columns: ["customer_id"],
        referencedColumns: ["id"],
      },
    ]);
  });

  it("rank columns matching more words and stronger matches first", async () => {
    expect(
      findColumns(db, "customer email")
        .map((m) => `${m.table}.${m.column}`)
        .slice(0, 2),
    ).toEqual(["customers.email_address", "invoices.customer_id"]);
    expect(findColumns(db, "sent")[0]).toMatchObject({ table: "invoices", column: "issued_on" });
    expect(findColumns(db, "date")[0]).toMatchObject({ column: "issued_on" });
    expect(findColumns(db, "emial_adress")[0]).toMatchObject({ column: "email_address" });
    expect(findColumns(db, "name", { limit: 1 })).toHaveLength(1);
    expect((await errorOf(() => findColumns(db, " ,. "))).code).toBe("VALIDATION");
  });
});
