// What MCP offers, in the browser, against the MCP project's reference server
// (server-everything from npm): a server's question answered as a form with its defaults,
// a long-running tool's live progress stopped from the chat, an image result. At both
// sizes, with axe and no sideways scrolling.
import type { Page } from "@playwright/test";
import { startEverything, type Everything } from "../tests/support/everything";
import { checkPage, screenshot, watchCsp } from "./checks";
import { expect, test } from "./fixtures";
import { AppsMenu, ConnectorsPanel } from "./pages";

let everything: Everything;

test.beforeAll(async () => {
  everything = await startEverything();
});
test.afterAll(async () => {
  await everything.close();
});

async function ask(page: Page, tool: RegExp, text: string) {
  await new ConnectorsPanel(page).add("Everything", everything.url);
  await page.goto("/dashboard/schema-agent");
  await expect(page.getByTestId("model-line")).toHaveText("Model: fake-model");
  const apps = new AppsMenu(page);
  await apps.open();
  await apps.pick("Everything", tool);
  await page.getByRole("textbox", { name: "Message" }).fill(text);
  await page.getByRole("button", { name: "Send" }).click();
}

/** server-everything's tools declare no read-only hint: the chat asks before running one. */
async function allow(page: Page) {
  await page
    .getByRole("group", { name: /^Allow / })
    .getByRole("button", { name: "Allow for this conversation" })
    .click();
}

test("a server's question is a form in the chat, prefilled with its defaults", async ({ page, signedIn }, info) => {
  void signedIn;
  const csp = watchCsp(page);
  await ask(page, /Trigger Elicitation Request Tool/, "Ask me something");
  await allow(page);

  const question = page.getByRole("region", { name: "Everything asks" });
  await expect(question).toContainText("Please provide inputs for the following fields:");
  const form = question.getByRole("form", { name: "Everything asks" });
  await expect(form.getByLabel("Integer", { exact: true })).toHaveValue("42");
  await expect(form.getByLabel("String with default", { exact: true })).toHaveValue("It was a dark and stormy night.");
  await expect(form.getByLabel("Titled Single Select Enum", { exact: true })).toHaveValue("hero-1");
  await expect(form.getByRole("checkbox", { name: "Guitar" })).toBeChecked();
  await checkPage(page, info, "elicitation-form");

  // The one required field, then the defaults as they are.
  await form.getByRole("button", { name: "Submit" }).click();
  await expect(form.getByLabel("String *")).toBeFocused();
  await form.getByLabel("String *").fill("Ada Lovelace");
  await form.getByRole("button", { name: "Submit" }).click();
  // The answered question may already be gone when the call ends: the result proves the answer.

  const card = page.getByTestId("tool-card");
  await expect(card).toHaveAttribute("data-status", "ok");
  await card.locator("summary").click();
  await expect(card.getByTestId("tool-result")).toContainText("Name: Ada Lovelace");
  await expect(card.getByTestId("tool-result")).toContainText("Favorite Integer: 42");
  expect(csp.violations).toEqual([]);
});

test("a long-running tool shows the server's progress live, and Stop cancels it", async ({ page, signedIn }, info) => {
  void signedIn;
  await ask(page, /Trigger Long Running Operation Tool/, "Take your time");
  // Declared read-only by the server: it runs without asking.
  const card = page.getByTestId("tool-card");
  const progress = card.getByTestId("tool-progress");
  await expect(progress).toContainText(/of 5/);
  await expect(card.getByRole("progressbar", { name: "Tool progress" })).toBeVisible();
  // The operation takes 10 s: stopped first, the page's checks after.
  await screenshot(page, info, "tool-progress");

  await page.getByRole("button", { name: "Stop" }).click();
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
  await expect(card).toHaveAttribute("data-status", "failed");
  await expect(card).toContainText("stopped");
  await expect(progress).toHaveCount(0);
  await checkPage(page, info, "tool-stopped");
});

test("an approved long-running call shows the progress its card polls, and Stop cancels it", async ({
  page,
  signedIn,
}, info) => {
  void signedIn;
  const panel = new ConnectorsPanel(page);
  await panel.add("Everything", everything.url);
  // The user wants to be asked before this one runs, though the server calls it read-only.
  const row = panel.rows().first();
  await row.getByRole("button", { name: /^\d+ tools$/ }).click();
  const policy = row.getByRole("combobox", { name: /^Approval for Trigger Long Running Operation/ });
  await policy.selectOption("ask");
  await expect(policy).toHaveValue("ask");
  await expect(policy).toBeEnabled(); // saved

  await page.goto("/dashboard/schema-agent");
  await expect(page.getByTestId("model-line")).toHaveText("Model: fake-model");
  const apps = new AppsMenu(page);
  await apps.open();
  await apps.pick("Everything", /Trigger Long Running Operation Tool/);
  await page.getByRole("textbox", { name: "Message" }).fill("Take your time, once I agree");
  await page.getByRole("button", { name: "Send" }).click();
  const approval = page.getByRole("group", { name: /^Allow / });
  await approval.getByRole("button", { name: "Allow once" }).click();

  // No stream carries this call: its card polls the server's progress.
  await expect(approval.getByTestId("tool-progress")).toContainText(/of 5/);
  await expect(approval.getByRole("progressbar", { name: "Tool progress" })).toBeVisible();
  await page.getByRole("button", { name: "Stop" }).click();
  const card = page.getByTestId("tool-card");
  await expect(card).toHaveAttribute("data-status", "failed");
  await card.locator("summary").click();
  await expect(card.getByTestId("tool-result")).toHaveText("Stopped by the user.");
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
  await checkPage(page, info, "approved-call-stopped");
});

test("an image a tool returns is shown in its card", async ({ page, signedIn }, info) => {
  void signedIn;
  const csp = watchCsp(page);
  await ask(page, /Get Tiny Image Tool/, "Show me the picture");
  const image = page.getByTestId("tool-image");
  await expect(image).toHaveAttribute("alt", /Image 1 returned by Everything › Get Tiny Image Tool/);
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await checkPage(page, info, "tool-image");
  expect(csp.violations).toEqual([]);
});
