// Follows README's Quickstart, step by step; if the README gains or loses a step, this
// test must be updated with it.
import { readFileSync } from "node:fs";
import { startMcpServer, type TestServer } from "../tests/support/mcp-servers";
import { expect, test } from "@playwright/test";
import { SAMPLE_SHOP_QUESTION_TAG, SAMPLE_SHOP_SQL } from "../tests/support/fake-openai-databases";
import { AppsMenu, ConnectorsPanel, Dashboard, navigate, SignUpPage, uniqueEmail } from "./pages";

let server: TestServer;
test.beforeAll(async () => {
  server = await startMcpServer({
    tools: [
      {
        name: "weather",
        description: "Weather for a city",
        inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
        // Read-only: runs without asking (e2e/approvals.spec.ts covers asking).
        annotations: { readOnlyHint: true },
      },
    ],
  });
});
test.afterAll(async () => {
  await server.close();
});

const quickstart = readFileSync("README.md", "utf8").split("## Quickstart")[1]!.split("\n## ")[0]!;
const steps = [...quickstart.matchAll(/^\d+\. \*\*(.+?)\*\*/gm)].map((m) => m[1]);

test("the README quickstart works as written", async ({ page }) => {
  expect(steps).toEqual(["Sign up", "Add a connector", "Chat", "Analytics", "Ask about your data"]);

  await test.step("1. Sign up and land on the dashboard", async () => {
    const email = uniqueEmail("quickstart");
    await page.goto("/");
    await page.getByRole("link", { name: "Create an account" }).click();
    await new SignUpPage(page).signUp(email, "a long enough password");
    await expect(page).toHaveURL(/\/dashboard$/);
    await new Dashboard(page).expectSignedInAs(email);
  });

  await test.step("2. Add a connector, test it, save it", async () => {
    const panel = new ConnectorsPanel(page);
    await panel.openAddForm();
    await panel.fill("Weather", server.url, { type: "none" });
    await expect(panel.saveButton()).toBeDisabled();
    await panel.test();
    await panel.saveButton().click();
    await expect(panel.rows()).toHaveCount(1);
  });

  await test.step("3. Chat: pick a tool in the Apps menu and the agent calls it", async () => {
    await navigate(page, "Agent");
    const apps = new AppsMenu(page);
    await apps.open();
    const row = apps.connector("Weather");
    await row.getByRole("button", { name: "Tools of Weather" }).click();
    await row.getByRole("button", { name: /weather/ }).click();
    await page.getByRole("textbox", { name: "Message" }).fill("Weather in Lisbon?");
    await page.getByRole("button", { name: "Send" }).click();
    await expect(page.getByTestId("msg-assistant").last()).toContainText('Result: weather: {"city":"hello"}');
  });

  await test.step("4. Analytics counts the call; Export is offered", async () => {
    await navigate(page, "Analytics");
    await expect(page.getByTestId("analytics-totals")).toContainText("Tool calls1");
    await expect(page.getByRole("table", { name: "Usage per tool" })).toContainText("weather");
    await expect(page.getByRole("link", { name: "Conversations (JSON)" })).toBeVisible();
  });

  await test.step("5. Ask about the Sample shop, browse its schema, see where to add a database", async () => {
    await navigate(page, "Agent");
    await page.getByRole("textbox", { name: "Message" }).fill(`${SAMPLE_SHOP_QUESTION_TAG} Orders by status?`);
    await page.getByRole("button", { name: "Send" }).click();
    await expect(page.getByTestId("query-sql").last()).toHaveText(SAMPLE_SHOP_SQL);
    await expect(page.getByTestId("query-table").last().locator("tbody tr").first()).toBeVisible();

    await navigate(page, "Databases");
    await page.getByRole("link", { name: "Browse the schema of Sample shop" }).click();
    await expect(
      page.getByTestId("schema-relation").filter({ has: page.getByText("shop.customers", { exact: true }) }),
    ).toBeVisible();
    await page.getByRole("tab", { name: "Diagram" }).click();
    await expect(page.getByTestId("schema-diagram")).toBeVisible();
    await page.getByRole("link", { name: "All databases" }).click();
    await expect(page.getByRole("button", { name: "Add database" })).toBeEnabled();
  });
});
