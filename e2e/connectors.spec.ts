import { makeTools, startMcpServer, type TestServer } from "../tests/support/mcp-servers";
import { expect, test } from "./fixtures";
import { ConnectorsPanel } from "./pages";

let server: TestServer;

test.beforeAll(async () => {
  server = await startMcpServer({ tools: makeTools(3, "docs"), requireHeaders: { authorization: "Bearer e2e-token" } });
});
test.afterAll(async () => {
  await server.close();
});

test("add a connector: watch the test, see the tools, save, see it listed", async ({ page, signedIn }) => {
  void signedIn;
  const panel = new ConnectorsPanel(page);
  await expect(page.getByText("No connectors yet.")).toBeVisible();
  await panel.openAddForm();
  await panel.fill("Team docs", server.url, { type: "bearer", token: "e2e-token" });
  await expect(panel.saveButton()).toBeDisabled();

  await panel.test();
  for (const step of ["url_check", "connect", "authenticate", "handshake", "list_tools"]) {
    await expect(panel.step(step)).toHaveAttribute("data-status", "ok");
    await expect(panel.step(step)).toContainText(/\d+ ms/);
  }
  const tools = panel.form().getByRole("list", { name: "Discovered tools" });
  await expect(tools).toContainText("docs_1");
  await expect(tools).toContainText("docs_3");

  await expect(panel.saveButton()).toBeEnabled();
  await panel.saveButton().click();
  await expect(panel.form()).toBeHidden();
  await expect(panel.rows()).toHaveCount(1);
  const row = panel.rows().first();
  await expect(row).toContainText("Team docs");
  await expect(row).toContainText("Connected");
  await row.getByRole("button", { name: "3 tools" }).click();
  await expect(row).toContainText("docs_2");

  await page.reload();
  await expect(panel.rows()).toHaveCount(1);
});

test("a wrong token shows AUTH_FAILED and Save stays disabled", async ({ page, signedIn }) => {
  void signedIn;
  const panel = new ConnectorsPanel(page);
  await panel.openAddForm();
  await panel.fill("Team docs", server.url, { type: "bearer", token: "not-the-token" });
  await panel.test();
  await expect(panel.form().getByTestId("test-result")).toContainText("AUTH_FAILED");
  await expect(panel.step("authenticate")).toHaveAttribute("data-status", "failed");
  await expect(panel.saveButton()).toBeDisabled();

  // Fixing the token is not enough: the new values need their own passing test.
  await panel.form().getByLabel("Token", { exact: true }).fill("e2e-token");
  await expect(panel.saveButton()).toBeDisabled();
  await panel.test();
  await expect(panel.form().getByTestId("test-result")).toContainText("Connected");
  await expect(panel.saveButton()).toBeEnabled();
});
