import type { Page } from "@playwright/test";
import { startMcpServer, type TestServer } from "../tests/support/mcp-servers";
import { expect, test } from "./fixtures";
import { AppsMenu, ConnectorsPanel, isPhone } from "./pages";

let server: TestServer;

test.beforeAll(async () => {
  server = await startMcpServer({
    tools: [
      {
        name: "lookup",
        description: "Look up a word",
        inputSchema: {
          type: "object",
          properties: { word: { type: "string", description: "The word" } },
          required: ["word"],
        },
        // Read-only: runs without asking (e2e/approvals.spec.ts covers asking).
        annotations: { readOnlyHint: true },
      },
    ],
  });
});
test.afterAll(async () => {
  await server.close();
});

async function addConnector(page: Page) {
  await new ConnectorsPanel(page).add("Dictionary", server.url);
}

test("a selected tool is used: tool card with the MCP result, then the answer", async ({ page, signedIn }) => {
  void signedIn;
  await addConnector(page);
  await page.goto("/dashboard/schema-agent");
  // The model's name, never where it runs.
  await expect(page.getByTestId("model-line")).toHaveText("Model: fake-model");
  const apps = new AppsMenu(page);
  await apps.open();
  const row = apps.connector("Dictionary");
  await row.getByRole("button", { name: "Tools of Dictionary" }).click();
  await row.getByRole("button", { name: /lookup/ }).click();
  await expect(page.getByTestId("selected-tool")).toContainText("Dictionary › lookup");

  await page.getByRole("textbox", { name: "Message" }).fill("What does serendipity mean?");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("selected-tool")).toHaveCount(0);

  const card = page.getByTestId("tool-card");
  await expect(card.getByTestId("tool-label")).toHaveText("Dictionary › lookup");
  await card.locator("summary").click();
  await expect(card.getByTestId("tool-result")).toHaveText('lookup: {"word":"hello"}');
  await expect(page.getByTestId("msg-assistant").last()).toContainText('Result: lookup: {"word":"hello"}');

  // Kept: the conversation is in the sidebar (a drawer on a phone) after a reload.
  await page.reload();
  if (isPhone(page)) {
    await page.getByRole("button", { name: "Conversations" }).click();
    await expect(page.getByRole("dialog", { name: "Conversations" })).toContainText("What does serendipity mean?");
  } else {
    await expect(page.getByRole("complementary", { name: "Conversations" })).toContainText(
      "What does serendipity mean?",
    );
  }
});

test.describe("without a model", () => {
  test.use({ baseURL: `http://localhost:${Number(process.env.E2E_PORT || 3100) + 1}` });

  test("a tool runs directly from its form", async ({ page, signedIn }) => {
    void signedIn;
    await addConnector(page);
    await page.goto("/dashboard/schema-agent");
    await expect(page.getByTestId("model-line")).toHaveText(
      "No model is configured: choose a tool in Apps to run it directly.",
    );
    const apps = new AppsMenu(page);
    await apps.open();
    const row = apps.connector("Dictionary");
    await row.getByRole("button", { name: "Tools of Dictionary" }).click();
    await row.getByRole("button", { name: /lookup/ }).click();
    const form = page.getByTestId("direct-run");
    await form.getByLabel("word *").fill("quokka");
    await form.getByRole("button", { name: "Run tool" }).click();
    const card = page.getByTestId("tool-card");
    await card.locator("summary").click();
    await expect(card.getByTestId("tool-result")).toHaveText('lookup: {"word":"quokka"}');
  });
});
