// The product at phone and desktop width (both Playwright projects): every page fits the
// screen and passes axe, the chat renders Markdown, downloads and tool images, the
// conversation drawer works on a phone, and adding a connector and chatting work from
// the keyboard alone. Screenshots of each page land in test-results/screenshots/.
import { deflateSync, crc32 } from "node:zlib";
import type { Page } from "@playwright/test";
import { startMcpServer, type TestServer } from "../tests/support/mcp-servers";
import { checkPage, watchCsp } from "./checks";
import { expect, test } from "./fixtures";
import { AppsMenu, ConnectorsPanel, interactive, SignUpPage } from "./pages";

/** A small solid PNG, as an MCP server would return a chart. */
function png(width: number, height: number, rgb: [number, number, number]): string {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", pixels),
    chunk("IEND", Buffer.alloc(0)),
  ]).toString("base64");
}

let server: TestServer;
test.beforeAll(async () => {
  server = await startMcpServer({
    tools: [
      {
        name: "chart",
        title: "Draw a chart",
        description: "Draws the numbers as a chart",
        inputSchema: { type: "object", properties: { title: { type: "string" } }, required: ["title"] },
        // Read-only: runs without asking (e2e/approvals.spec.ts covers asking).
        annotations: { readOnlyHint: true },
      },
      {
        name: "lookup",
        description: "Look up a word",
        inputSchema: { type: "object", properties: { word: { type: "string" } }, required: ["word"] },
        // Read-only: runs without asking (e2e/approvals.spec.ts covers asking).
        annotations: { readOnlyHint: true },
      },
    ],
    onCall: (name, args) =>
      name === "chart"
        ? {
            content: [
              { type: "text", text: `Chart of ${String(args.title)}` },
              { type: "image", mimeType: "image/png", data: png(96, 64, [49, 72, 193]) },
            ],
          }
        : { content: [{ type: "text", text: `${name}: ${JSON.stringify(args)}` }] },
  });
});
test.afterAll(async () => {
  await server.close();
});

let csp: { violations: string[] };
test.beforeEach(({ page }) => {
  csp = watchCsp(page);
});
test.afterEach(() => {
  expect(csp.violations, "Content-Security-Policy violations in the console").toEqual([]);
});

async function sendMessage(page: Page, text: string) {
  const box = page.getByRole("textbox", { name: "Message" });
  await expect(box).toBeEnabled();
  await box.fill(text);
  await page.getByRole("button", { name: "Send" }).click();
}

test("signed-out pages fit the screen and pass axe; a failed submit focuses the first error", async ({
  page,
}, info) => {
  for (const [path, name] of [
    ["/", "home"],
    ["/signin", "signin"],
    ["/signup", "signup"],
  ] as const) {
    await page.goto(path);
    await interactive(page);
    await checkPage(page, info, name);
  }
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Email")).toBeFocused();
  await expect(page.getByLabel("Email")).toHaveAccessibleDescription(/valid email/);
});

test("every signed-in page fits the screen, passes axe and is kept as a screenshot", async ({
  page,
  signedIn,
}, info) => {
  void signedIn;
  await checkPage(page, info, "connectors-empty");
  const panel = new ConnectorsPanel(page);
  await panel.openAddForm();
  await panel.fill("Charts", server.url, { type: "none" });
  await panel.test();
  // After a passing test the primary action is on screen, whatever the dialog holds.
  await expect(panel.saveButton()).toBeInViewport();
  await checkPage(page, info, "connector-dialog-tested");
  await panel.saveButton().click();
  await expect(panel.rows()).toHaveCount(1);
  await checkPage(page, info, "connectors");

  await page.goto("/dashboard/schema-agent");
  await interactive(page);
  await expect(page.getByRole("textbox", { name: "Message" })).toBeEnabled();
  await checkPage(page, info, "agent");
  const apps = new AppsMenu(page);
  await apps.open();
  await expect(apps.connector("Charts")).toBeVisible();
  await checkPage(page, info, "agent-apps");
  await page.keyboard.press("Escape");
  await expect(apps.dialog()).toBeHidden();

  await page.goto("/dashboard/analytics");
  await interactive(page);
  await expect(page.getByTestId("analytics-totals")).toBeVisible();
  await checkPage(page, info, "analytics");

  await page.goto("/dashboard/api");
  await interactive(page);
  await checkPage(page, info, "api");
});

test("the chat renders Markdown, a download link that downloads, and a tool's image", async ({
  page,
  signedIn,
}, info) => {
  void signedIn;
  await new ConnectorsPanel(page).add("Charts", server.url);
  await page.goto("/dashboard/schema-agent");
  const apps = new AppsMenu(page);

  await sendMessage(page, "Show me a list [markdown]");
  const answer = page.getByTestId("msg-assistant").last();
  await expect(answer.getByRole("listitem")).toHaveCount(2);
  await expect(answer.locator("strong")).toHaveText("first");
  const docs = answer.getByRole("link", { name: /the docs/ });
  await expect(docs).toHaveAttribute("target", "_blank");
  await expect(docs).toHaveAttribute("rel", "noopener noreferrer");

  await apps.open();
  await apps.pick("Export", /Export a result/);
  await sendMessage(page, "Export that");
  const exported = page.getByTestId("msg-assistant").last();
  const csv = exported.getByRole("link", { name: "CSV", exact: true });
  await expect(csv).toBeVisible();
  const download = page.waitForEvent("download");
  await csv.click();
  expect((await download).suggestedFilename()).toMatch(/\.csv$/);

  await apps.open();
  await apps.pick("Charts", /Draw a chart/);
  await sendMessage(page, "Chart my week");
  const card = page.getByTestId("tool-card").last();
  await expect(card.getByTestId("tool-label")).toHaveText("Charts › Draw a chart");
  const image = card.getByRole("img", { name: "Image 1 returned by Charts › Draw a chart" });
  await expect(image).toBeVisible();
  expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(96);
  await checkPage(page, info, "agent-conversation");
});

// Phone layout only: the desktop project leaves out tests tagged @phone (playwright.config.ts).
test("on a phone the conversation list is a drawer: start a chat, then reopen an older one @phone", async ({
  page,
  signedIn,
}, info) => {
  void signedIn;
  await page.goto("/dashboard/schema-agent");
  await sendMessage(page, "First question");
  await expect(page.getByTestId("msg-assistant")).toContainText("Hello from the fake model.");

  await page.getByRole("button", { name: "New chat" }).click();
  await expect(page.getByTestId("msg-user")).toHaveCount(0);
  await page.getByRole("button", { name: "Conversations" }).click();
  const drawer = page.getByRole("dialog", { name: "Conversations" });
  await expect(drawer).toBeVisible();
  await checkPage(page, info, "agent-drawer");
  await drawer.getByRole("button", { name: /^First question/ }).click();
  await expect(drawer).toBeHidden();
  await expect(page.getByTestId("msg-user")).toHaveText("First question");
});

test("keyboard only: add, test and save a connector, then chat", async ({ page, signedIn }) => {
  void signedIn;
  const keys = page.keyboard;
  /** Presses Tab until the named control has focus (a person tabbing through the page). */
  async function tabTo(role: "button" | "textbox" | "combobox", name: string | RegExp) {
    const target = page.getByRole(role, { name }).first();
    for (let i = 0; i < 60; i++) {
      if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
      await keys.press("Tab");
    }
    throw new Error(`Tab never reached ${String(name)}`);
  }
  await interactive(page);
  await tabTo("button", "Add connector");
  await keys.press("Enter");
  const form = page.getByRole("form", { name: "Add a connector" });
  await expect(form).toBeVisible();
  await tabTo("textbox", "Name");
  await keys.type("Keyboard");
  await tabTo("textbox", "Server URL");
  await keys.type(server.url);
  await tabTo("button", "Test connection");
  await keys.press("Enter");
  await expect(form.getByTestId("test-result")).toContainText("Connected");
  await tabTo("button", "Save");
  await keys.press("Enter");
  await expect(form).toBeHidden();
  await expect(page.getByTestId("connector-row")).toContainText("Keyboard");

  await page.goto("/dashboard/schema-agent");
  await interactive(page);
  await expect(page.getByRole("textbox", { name: "Message" })).toBeEnabled();
  await tabTo("textbox", "Message");
  await keys.type("Hi from the keyboard");
  await keys.press("Enter");
  await expect(page.getByTestId("msg-assistant")).toContainText("Hello from the fake model.");
});

test("a new account's sign-up form says what is wrong and focuses it", async ({ page }) => {
  const signUp = new SignUpPage(page);
  await signUp.goto();
  await signUp.signUp("not-an-email", "a long enough password");
  await expect(page.getByLabel("Email")).toBeFocused();
});
