// The Schema Query Agent end to end, at both sizes: a new user asks about the Sample shop
// (the fake model calls describe_table, then run_query), sees the SQL and the result table
// and downloads it, browses the schema and its diagram, then adds a real PostgreSQL (CI's
// throwaway cluster, or one started here: see e2e/postgres.ts) with a read-only role.
import { SAMPLE_SHOP_QUESTION_TAG, SAMPLE_SHOP_SQL } from "../tests/support/fake-openai-databases";
import { checkPage } from "./checks";
import { expect, test } from "./fixtures";
import { AppsMenu, navigate } from "./pages";
import { startTestPostgres, type TestPostgres } from "./postgres";

let server: TestPostgres;
test.beforeAll(async () => {
  server = await startTestPostgres();
});
test.afterAll(async () => {
  await server.close();
});

test("a new user asks about the Sample shop, browses its schema and adds their own PostgreSQL", async ({
  page,
  signedIn,
}, info) => {
  void signedIn;

  await test.step("the agent explores the Sample shop and answers with the SQL and the rows", async () => {
    await navigate(page, "Agent");
    await expect(page.getByTestId("model-line")).toHaveText("Model: fake-model");
    await page.getByRole("textbox", { name: "Message" }).fill(`${SAMPLE_SHOP_QUESTION_TAG} How many orders by status?`);
    await page.getByRole("button", { name: "Send" }).click();

    const cards = page.getByTestId("tool-card");
    await expect(cards).toHaveCount(2);
    await expect(cards.nth(0)).toHaveAttribute("data-status", "ok");
    const result = cards.nth(1).getByTestId("query-result");
    await expect(result.getByTestId("query-sql")).toHaveText(SAMPLE_SHOP_SQL);
    const table = result.getByRole("table");
    await expect(table.getByRole("columnheader")).toHaveCount(2);
    await expect(table.getByRole("columnheader").nth(0)).toContainText("status");
    await expect(table.getByRole("columnheader").nth(1)).toHaveText("ordersbigint");
    await expect(table.locator("tbody tr").first()).toBeVisible();
    await expect(result.getByTestId("query-row-count")).toContainText(/\d+ rows/);
    await expect(page.getByTestId("msg-assistant").last()).toContainText("Orders by status in the Sample shop");

    // The CSV download is the same rows, for this user only.
    const href = await result.getByRole("link", { name: "Download CSV" }).getAttribute("href");
    const csv = await page.request.get(href!);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split(/\r?\n/)[0]).toMatch(/^"?status"?,"?orders"?$/);
    await checkPage(page, info, "agent-database-answer");
  });

  await test.step("the schema browser lists the tables, searches them and draws the foreign keys", async () => {
    await navigate(page, "Databases");
    await expect(page.getByRole("heading", { level: 1, name: "Databases" })).toBeVisible();
    await expect(page.getByTestId("database-limit")).toContainText("You can add up to 10 PostgreSQL databases");
    const sample = page.getByRole("listitem", { name: "Sample shop" });
    await expect(sample.getByTestId("database-status")).toHaveText("Connected");
    await checkPage(page, info, "databases");

    await sample.getByRole("link", { name: "Browse the schema of Sample shop" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Sample shop" })).toBeVisible();
    await expect(
      page.getByTestId("schema-relation").filter({ has: page.getByText("shop.order_items", { exact: true }) }),
    ).toBeVisible();
    await page.getByRole("searchbox", { name: "Search the schema" }).fill("email");
    await expect(page.getByTestId("schema-relation").first()).toContainText("shop.customers");
    await expect(page.locator('[data-match="true"]').first()).toContainText("email");
    await checkPage(page, info, "schema-browser");

    await page.getByRole("tab", { name: "Diagram" }).click();
    const diagram = page.getByTestId("schema-diagram");
    await expect(diagram.getByTestId("diagram-table").filter({ hasText: "orders" }).first()).toBeVisible();
    expect(await diagram.getByTestId("diagram-table").count()).toBeGreaterThanOrEqual(7);
    await expect(diagram.locator(".react-flow__edge").first()).toBeAttached();
    await checkPage(page, info, "schema-diagram");
  });

  await test.step("adding a real PostgreSQL with a read-only role: test, save, browse, disable, delete", async () => {
    await page.getByRole("link", { name: "All databases" }).click();
    await page.getByRole("button", { name: "Add database" }).click();
    const form = page.getByRole("form", { name: "Add a database" });
    await expect(form.getByTestId("read-only-advice")).toContainText("read-only role");
    await form.getByLabel("Name", { exact: true }).fill("Inventory");
    await form.getByLabel("How to connect", { exact: true }).selectOption("fields");
    await form.getByLabel("Host", { exact: true }).fill(server.host);
    await form.getByLabel("Port", { exact: true }).fill(String(server.port));
    await form.getByLabel("Database", { exact: true }).fill(server.database);
    await form.getByLabel("User", { exact: true }).fill(server.user);
    await form.getByLabel("Password", { exact: true }).fill(server.password);
    await form.getByLabel("TLS", { exact: true }).selectOption("disable");
    const save = form.getByRole("button", { name: "Save" });
    await expect(save).toBeDisabled();
    await expect(form).toContainText("Save needs a passing connection test of exactly these values.");
    await form.getByRole("button", { name: "Test connection" }).click();
    await expect(form.getByTestId("test-result")).toContainText("OK");
    for (const step of ["address_check", "connect", "authenticate", "catalog"])
      await expect(form.getByTestId(`test-step-${step}`)).toHaveAttribute("data-status", "ok");
    await checkPage(page, info, "database-form");
    await save.click();

    const row = page.getByRole("listitem", { name: "Inventory" });
    await expect(row.getByTestId("database-status")).toHaveText("Connected");
    await expect(row).toContainText(`${server.user}@${server.host}:${server.port}/${server.database}`);
    await expect(row).not.toContainText(server.password);
    await expect(page.getByTestId("database-limit")).toContainText("(1 added so far)");

    await row.getByRole("link", { name: "Browse the schema of Inventory" }).click();
    await expect(
      page.getByTestId("schema-relation").filter({ has: page.getByText("public.stock", { exact: true }) }),
    ).toContainText("Units on hand per warehouse");
    await page.getByRole("tab", { name: "Diagram" }).click();
    await expect(page.getByTestId("diagram-table")).toHaveCount(2);

    await page.getByRole("link", { name: "All databases" }).click();
    await row.getByRole("switch", { name: "Enable Inventory" }).click();
    await expect(row.getByTestId("database-status")).toHaveText("Disabled");
    await row.getByRole("button", { name: "Delete Inventory" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete Inventory" }).click();
    await expect(row).toHaveCount(0);
  });
});

test.describe("without a model", () => {
  test.use({ baseURL: `http://localhost:${Number(process.env.E2E_PORT || 3100) + 1}` });

  test("run_query runs directly from its form and its rows show as a table", async ({ page, signedIn }) => {
    void signedIn;
    await navigate(page, "Agent");
    const apps = new AppsMenu(page);
    await apps.open();
    await apps.pick("Databases", /Run a read-only query/);
    const form = page.getByTestId("direct-run");
    await form.getByLabel("sql *").fill("SELECT id, email FROM shop.customers ORDER BY id LIMIT 3");
    await form.getByRole("button", { name: "Run tool" }).click();
    const result = page.getByTestId("query-result");
    await expect(result.getByTestId("query-sql")).toHaveText(
      "SELECT id, email FROM shop.customers ORDER BY id LIMIT 3",
    );
    await expect(result.getByRole("columnheader")).toHaveText(["idinteger", "emailtext"]);
    await expect(result.locator("tbody tr")).toHaveCount(3);
    await expect(result.getByTestId("query-row-count")).toContainText("3 rows");
  });
});
