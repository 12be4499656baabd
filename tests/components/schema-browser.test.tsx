// @vitest-environment happy-dom
import "../support/components/setup";
import { screen, waitFor, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { SchemaBrowser } from "@/components/databases/schema-browser";
import { layoutSchema, nodeHeight } from "@/components/databases/schema-layout";
import { searchRelations } from "@/components/databases/schema-search";
import type { DatabaseRelation, DatabaseSchemaResponse } from "@/lib/schemas/database-schema";
import { apiError } from "../support/components/fake-api";
import { renderWithApi } from "../support/components/render";

const column = (name: string, type: string, comment: string | null = null, ordinal = 1) => ({
  name,
  ordinal,
  type,
  nullable: false,
  default: null,
  comment,
});

const relation = (overrides: Partial<DatabaseRelation>): DatabaseRelation => ({
  schema: "shop",
  name: "t",
  kind: "table",
  comment: null,
  rowEstimate: 10,
  columns: [],
  primaryKey: null,
  uniqueConstraints: [],
  foreignKeys: [],
  checks: [],
  indexes: [],
  definition: null,
  ...overrides,
});

const customers = relation({
  name: "customers",
  comment: "People with an account",
  rowEstimate: 1200,
  columns: [column("id", "integer"), column("email", "text", "Where receipts go", 2)],
  primaryKey: { name: "customers_pkey", columns: ["id"] },
  uniqueConstraints: [{ name: "customers_email_key", columns: ["email"] }],
  indexes: [
    {
      name: "customers_pkey",
      definition: "CREATE UNIQUE INDEX customers_pkey ON shop.customers (id)",
      unique: true,
      primary: true,
    },
  ],
});
const orders = relation({
  name: "orders",
  comment: "One checkout",
  rowEstimate: 1,
  columns: [column("id", "integer"), column("customer_id", "integer", null, 2), column("note", "text", null, 3)],
  primaryKey: { name: "orders_pkey", columns: ["id"] },
  foreignKeys: [
    {
      name: "orders_customer_id_fkey",
      columns: ["customer_id"],
      references: { schema: "shop", table: "customers", columns: ["id"] },
      onUpdate: "NO ACTION",
      onDelete: "CASCADE",
    },
  ],
  checks: [{ name: "orders_note_check", definition: "CHECK (length(note) < 500)" }],
});
const bigSpenders = relation({
  name: "big_spenders",
  kind: "view",
  rowEstimate: null,
  columns: [column("customer_id", "integer")],
  definition: "SELECT customer_id FROM shop.orders",
});

const schema: DatabaseSchemaResponse = {
  database: { id: "sample", name: "Sample shop" },
  refreshedAt: new Date(),
  relations: [customers, orders, bigSpenders],
  edges: [
    {
      name: "orders_customer_id_fkey",
      from: { schema: "shop", table: "orders", columns: ["customer_id"] },
      to: { schema: "shop", table: "customers", columns: ["id"] },
    },
  ],
};

const relations = () => screen.getAllByTestId("schema-relation");
const titles = () => relations().map((r) => r.querySelector("summary span")?.textContent);

test("the tables and views with their keys, indexes, comments and row estimates", async () => {
  const { user } = renderWithApi(<SchemaBrowser id="sample" />, { "databases.schema": () => schema });
  expect(await screen.findByRole("heading", { level: 1, name: "Sample shop" })).toBeInTheDocument();
  expect(screen.getByText(/3 tables and views, 1 foreign key/)).toBeInTheDocument();
  expect(titles()).toEqual(["shop.customers", "shop.orders", "shop.big_spenders"]);
  const [c, o, v] = relations();
  expect(c).toHaveTextContent("Table2 columns · about 1,200 rowsPeople with an account");
  expect(o).toHaveTextContent("about 1 row");
  expect(v).toHaveTextContent("View1 column · rows not estimated");

  await user.click(within(o!).getByText("shop.orders"));
  const rows = within(o!)
    .getAllByRole("row")
    .map((r) => r.textContent);
  expect(rows).toContain("customer_idintegerFKno");
  expect(rows).toContain("idintegerPKno");
  expect(o).toHaveTextContent("customer_id → shop.customers (id), on delete cascade");
  expect(o).toHaveTextContent("CHECK (length(note) < 500)");
  await user.click(within(c!).getByText("shop.customers"));
  expect(c).toHaveTextContent("CREATE UNIQUE INDEX customers_pkey");
  expect(
    within(c!)
      .getAllByRole("row")
      .map((r) => r.textContent),
  ).toContain("emailtextUQnoWhere receipts go");
  await user.click(within(v!).getByText("shop.big_spenders"));
  expect(v).toHaveTextContent("SELECT customer_id FROM shop.orders");
});

test("search narrows to tables matching by name, comment, column, type or column comment", async () => {
  const { user } = renderWithApi(<SchemaBrowser id="sample" />, { "databases.schema": () => schema });
  const box = await screen.findByRole("searchbox", { name: "Search the schema" });

  await user.type(box, "receipts");
  expect(titles()).toEqual(["shop.customers"]);
  expect(screen.getByTestId("schema-search-count")).toHaveTextContent("1 of 3 tables and views match “receipts”.");
  // Matched by a column: the table opens at it, the column marked.
  const match = relations()[0]!;
  expect(match).toHaveAttribute("open");
  expect(match.querySelector('[data-match="true"]')).toHaveTextContent("email");

  await user.clear(box);
  await user.type(box, "customer");
  // By name first, then by a column.
  expect(titles()).toEqual(["shop.customers", "shop.orders", "shop.big_spenders"]);
  await user.clear(box);
  await user.type(box, "checkout note");
  expect(titles()).toEqual(["shop.orders"]);
  await user.clear(box);
  await user.type(box, "nothing-like-this");
  expect(screen.queryAllByTestId("schema-relation")).toHaveLength(0);
  expect(screen.getByTestId("schema-search-count")).toHaveTextContent("0 of 3");
});

test("reading the schema again replaces it; a failure is shown", async () => {
  let calls = 0;
  const { user } = renderWithApi(<SchemaBrowser id="sample" />, {
    "databases.schema": () => schema,
    "databases.refreshSchema": () => {
      calls++;
      if (calls === 1) return { ...schema, relations: [customers], edges: [] };
      throw apiError("TIMEOUT", "The server did not answer within 10 seconds.");
    },
  });
  await user.click(await screen.findByRole("button", { name: "Read the schema again" }));
  await waitFor(() => expect(titles()).toEqual(["shop.customers"]));
  await user.click(screen.getByRole("button", { name: "Read the schema again" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("The server did not answer within 10 seconds.");
});

test("a schema that cannot be read says why", async () => {
  renderWithApi(<SchemaBrowser id="db_x" />, {
    "databases.schema": () => {
      throw apiError("NOT_FOUND", "Database not found.");
    },
  });
  expect(await screen.findByRole("alert")).toHaveTextContent("The schema could not be read: Database not found.");
  expect(screen.getByRole("link", { name: "All databases" })).toHaveAttribute("href", "/dashboard/databases");
});

test("the diagram puts a table left of the tables it references, boxes sized to their columns", () => {
  const positions = layoutSchema(schema.relations, schema.edges);
  expect(positions.get("shop.orders")!.x).toBeLessThan(positions.get("shop.customers")!.x);
  const many = relation({ columns: Array.from({ length: 40 }, (_, i) => column(`c${i}`, "text")) });
  expect(nodeHeight(many)).toBe(nodeHeight(relation({ columns: many.columns.slice(0, 13) })));
  expect(nodeHeight(orders)).toBeLessThan(nodeHeight(many));
});

test("an empty search matches everything", () => {
  expect(searchRelations(schema.relations, "  ").map((m) => m.relation.name)).toEqual([
    "customers",
    "orders",
    "big_spenders",
  ]);
});

test("the Diagram tab draws every table with its keys and the foreign keys between them", async () => {
  const { user } = renderWithApi(<SchemaBrowser id="sample" />, { "databases.schema": () => schema });
  await user.click(await screen.findByRole("tab", { name: "Diagram" }));
  const diagram = await screen.findByTestId("schema-diagram", {}, { timeout: 5000 });
  expect(diagram).toHaveAccessibleName("Diagram of 3 tables and views and 1 foreign key");
  await waitFor(() => expect(within(diagram).getAllByTestId("diagram-table")).toHaveLength(3));
  const boxes = within(diagram).getAllByTestId("diagram-table");
  const orderBox = boxes.find((b) => b.textContent?.startsWith("shop.orders"))!;
  expect(orderBox).toHaveTextContent("PKidinteger");
  expect(orderBox).toHaveTextContent("FKcustomer_idinteger");
  expect(boxes.find((b) => b.textContent?.startsWith("shop.big_spenders"))).toHaveTextContent("(view)");
});
