// An OAuth connector added through the sign-in popup, and signed in again after the
// authorization server revoked it. The authorization server and the MCP server that
// requires its tokens run in this test process.
import type { Page } from "@playwright/test";
import { makeTools } from "../tests/support/mcp-servers";
import { startOAuthMcp, type OAuthMcp } from "../tests/support/fake-auth-server";
import { expect, test } from "./fixtures";
import { ConnectorsPanel } from "./pages";

let mcp: OAuthMcp;

test.beforeAll(async () => {
  mcp = await startOAuthMcp({ mcp: { tools: makeTools(2, "issues") } });
});
test.afterAll(async () => {
  await mcp.close();
});

/** Clicks what opens the popup, approves on the authorization server's page, waits for it to close. */
async function approveInPopup(page: Page, open: () => Promise<void>) {
  const popupPromise = page.waitForEvent("popup");
  await open();
  const popup = await popupPromise;
  await expect(popup.getByRole("heading", { name: /Allow Connectors/ })).toBeVisible();
  // The callback page closes the popup itself, possibly before a click returns.
  const closed = popup.waitForEvent("close");
  await popup.getByRole("link", { name: "Allow" }).click({ noWaitAfter: true });
  await closed;
}

test("add an OAuth connector: discovery, sign-in popup, test, save, signed in as", async ({ page, signedIn }) => {
  void signedIn;
  const panel = new ConnectorsPanel(page);
  await panel.openAddForm();
  const form = panel.form();
  await form.getByLabel("Name", { exact: true }).fill("Issue tracker");
  await form.getByLabel("Server URL", { exact: true }).fill(mcp.url);

  // Testing without credentials finds the server's OAuth sign-in and offers it.
  await panel.test();
  await expect(form.getByTestId("test-result")).toContainText("AUTH_FAILED");
  await form.getByRole("button", { name: "Use OAuth sign-in" }).click();
  await expect(form.getByLabel("Authentication")).toHaveValue("oauth");
  await expect(panel.saveButton()).toBeDisabled();

  await approveInPopup(page, () => form.getByRole("button", { name: "Sign in and test" }).click());
  const progress = form.getByTestId("oauth-progress");
  await expect(progress).toContainText(`Sign-in with ${mcp.origin}`);
  await expect(progress.getByTestId("oauth-step")).toHaveCount(2);
  for (const step of await progress.getByTestId("oauth-step").all())
    await expect(step).toHaveAttribute("data-status", "ok");
  await expect(form.getByTestId("test-result")).toContainText("Connected as alice@example.com: 2 tools found.");
  await expect(form.getByTestId("signed-in-as")).toHaveText("Signed in as alice@example.com");
  await expect(panel.step("authenticate")).toContainText("signed in as alice@example.com");

  await panel.saveButton().click();
  const row = panel.rows().filter({ hasText: "Issue tracker" });
  await expect(row).toBeVisible();
  await expect(row.getByTestId("connector-account")).toHaveText("Signed in as alice@example.com");
  await expect(row).toContainText("Connected");
});

test("a revoked sign-in shows 'Sign in again', which keeps the connector's settings", async ({ page, signedIn }) => {
  void signedIn;
  const panel = new ConnectorsPanel(page);
  await panel.openAddForm();
  const form = panel.form();
  await form.getByLabel("Name", { exact: true }).fill("Tracker");
  await form.getByLabel("Server URL", { exact: true }).fill(mcp.url);
  await form.getByLabel("Authentication").selectOption("oauth");
  await approveInPopup(page, () => form.getByRole("button", { name: "Sign in and test" }).click());
  await expect(form.getByTestId("test-result")).toContainText("Connected as alice@example.com");
  await panel.saveButton().click();
  const row = panel.rows().filter({ hasText: "Tracker" });
  await expect(row).toContainText("Connected");

  // The user revokes the app at the authorization server; the next use cannot refresh.
  mcp.as.revokeAll();
  mcp.as.expireAccessTokens();
  await row.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: "Edit connector" });
  await edit.getByRole("button", { name: "Test connection" }).click();
  await expect(edit.getByTestId("test-result")).toContainText("no longer accepts this sign-in");
  await edit.getByRole("button", { name: "Cancel" }).click();

  await expect(row).toContainText("Needs sign-in");
  await expect(row.getByTestId("needs-sign-in")).toContainText("Its settings are kept.");
  await approveInPopup(page, () => row.getByRole("button", { name: "Sign in again" }).click());
  await expect(row).toContainText("Connected");
  await expect(row.getByTestId("needs-sign-in")).toHaveCount(0);
  await expect(row).toContainText("Tracker");
  await expect(row).toContainText(mcp.url);
});
