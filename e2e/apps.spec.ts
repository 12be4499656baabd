import { makeTools, startMcpServer, type TestServer } from "../tests/support/mcp-servers";
import { expect, test } from "./fixtures";
import { AppsMenu, ConnectorsPanel } from "./pages";

let server: TestServer;

test.beforeAll(async () => {
  server = await startMcpServer({ tools: makeTools(2, "notes") });
});
test.afterAll(async () => {
  await server.close();
});

test("a connector in the Apps menu: its tools, disable, edit, delete", async ({ page, signedIn }) => {
  void signedIn;
  await new ConnectorsPanel(page).add("Notes", server.url);

  await page.goto("/dashboard/schema-agent");
  const apps = new AppsMenu(page);
  await apps.open();
  const row = apps.connector("Notes");
  await expect(row.getByTestId("app-state")).toHaveText("Connected");
  await row.getByRole("button", { name: "Tools of Notes" }).click();
  // Tools by their title, as people read them.
  await expect(row.getByRole("button", { name: /Tool 1/ })).toBeVisible();

  await apps.manage();
  const dialog = page.getByRole("dialog", { name: "Manage connectors" });
  await dialog.getByRole("switch", { name: "Enable Notes" }).uncheck();
  await expect(dialog.getByTestId("connector-row").first()).toContainText("Disabled");
  // The Apps menu under the manager (hidden from assistive technology while the manager is open) follows.
  const appsRow = page
    .getByRole("dialog", { name: "Apps", includeHidden: true })
    .getByTestId("app-connector")
    .filter({ hasText: "Notes" });
  await expect(appsRow.getByTestId("app-state")).toHaveText("Disabled");

  await dialog.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: "Edit connector" });
  await edit.getByLabel("Name", { exact: true }).fill("Team notes");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByTestId("connector-row").first()).toContainText("Team notes");

  await dialog.getByRole("button", { name: "Delete Team notes" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Delete “Team notes”?" });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Delete Team notes" }).click();
  await expect(dialog.getByText("No connectors yet.")).toBeVisible();
});

test("connect and disconnect Gmail through the OAuth popup", async ({ page, signedIn }) => {
  void signedIn;
  await page.goto("/dashboard/schema-agent");
  const apps = new AppsMenu(page);
  await apps.open();
  const gmail = page.getByTestId("app-gmail");
  await expect(gmail.getByTestId("app-state")).toHaveText("Disconnected");
  const popupPromise = page.waitForEvent("popup");
  await gmail.getByRole("button", { name: "Connect" }).click();
  const popup = await popupPromise;
  await popup.waitForEvent("close");
  await expect(gmail.getByTestId("app-state")).toHaveText("Connected");
  await expect(gmail).toContainText("Signed in as me@gmail.test");
  // Disconnecting asks first.
  await gmail.getByRole("button", { name: "Disconnect" }).click();
  await page
    .getByRole("alertdialog", { name: "Disconnect Gmail?" })
    .getByRole("button", { name: "Disconnect" })
    .click();
  await expect(gmail.getByTestId("app-state")).toHaveText("Disconnected");
  // Built-in tools are always on; Calendar says "Coming soon" once, with nothing to press.
  await expect(page.getByTestId("app-analytics").getByTestId("app-state")).toHaveText("Built in");
  await expect(page.getByTestId("app-export").getByRole("button", { name: /Connect/ })).toHaveCount(0);
  await expect(page.getByTestId("app-calendar").getByText("Coming soon")).toHaveCount(1);
  await expect(page.getByTestId("app-calendar").getByRole("button")).toHaveCount(0);
});

test("Analytics shows usage and Export downloads the history", async ({ page, signedIn }) => {
  void signedIn;
  await page.goto("/dashboard/analytics");
  await expect(page.getByRole("heading", { name: "Analytics" })).toBeVisible();
  await expect(page.getByTestId("analytics-totals")).toContainText("Tool calls");
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Tool calls (CSV)" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^tool-calls-\d{4}-\d{2}-\d{2}\.csv$/);
  const path = await download.path();
  const { readFileSync } = await import("node:fs");
  expect(readFileSync(path, "utf8").split("\r\n")[0]).toBe(
    "id,createdAt,conversationId,connectorName,systemToolId,toolName,durationMs,ok,errorCode,arguments,result",
  );
});
