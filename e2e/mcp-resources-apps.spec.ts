// What MCP offers beyond tools, in the chat, against servers from npm nobody on the project
// wrote: a resource of server-everything attached to a message, one of its prompts run from
// the "/" menu, the MCP Apps example whose button makes a tool call that reaches its server,
// and an MCP App granted exactly the browser features its server declared.
import AxeBuilder from "@axe-core/playwright";
import type { Frame, Page } from "@playwright/test";
import { startBasicApp, startEverything, startTranscript, type NpmPeer } from "../tests/support/npm-mcp-peers";
import { expectNoHorizontalScroll, screenshot, watchCsp } from "./checks";
import { expect, test } from "./fixtures";
import { AppsMenu, ConnectorsPanel } from "./pages";

let everything: NpmPeer;
let clock: NpmPeer;
let transcript: NpmPeer;

test.beforeAll(async () => {
  [everything, clock, transcript] = await Promise.all([startEverything(), startBasicApp(), startTranscript()]);
});
test.afterAll(async () => {
  await Promise.all([everything.close(), clock.close(), transcript.close()]);
});

/** The app's document, once its frame has loaded. */
async function appDocument(page: Page): Promise<Frame> {
  await expect.poll(() => page.frames().some((f) => f.url().includes("/api/mcp-apps/frame"))).toBe(true);
  return page.frames().find((f) => f.url().includes("/api/mcp-apps/frame"))!;
}

/** The permission features the browser lets the app's document use. */
function grantedInside(frame: Frame): Promise<string[]> {
  return frame.evaluate(() => {
    const policy = (document as unknown as { featurePolicy: { allowsFeature(f: string): boolean } }).featurePolicy;
    return ["camera", "microphone", "geolocation", "clipboard-write"].filter((f) => policy.allowsFeature(f));
  });
}

/** axe on our page; the app inside its frame is the server's own page, checked by its authors. */
async function expectAccessible(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .exclude('[data-testid="mcp-app"] iframe')
    .analyze();
  const bad = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(bad, `axe on ${what}`).toEqual([]);
}

async function openChat(page: Page) {
  await page.goto("/dashboard/schema-agent");
  await expect(page.getByTestId("model-line")).toHaveText("Model: fake-model");
}

test("a resource is attached to a message and a prompt fills the composer", async ({ page, signedIn }, info) => {
  void signedIn;
  const csp = watchCsp(page);
  await new ConnectorsPanel(page).add("Everything", everything.url);
  await openChat(page);
  const message = page.getByRole("textbox", { name: "Message" });

  await page.getByRole("button", { name: "Attach a resource" }).click();
  const dialog = page.getByRole("dialog", { name: "Attach a resource" });
  await expect(dialog.getByRole("combobox", { name: "Connector" })).toHaveValue(/.+/);
  await expect(dialog.getByRole("button", { name: "Attach architecture.md" })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectAccessible(page, "attach dialog");
  await screenshot(page, info, "attach-dialog");
  await dialog.getByRole("button", { name: "Attach architecture.md" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("attachment-chip")).toContainText("architecture.md · Everything");

  await message.fill("What does this describe?");
  await message.press("Enter");
  const sent = page.getByTestId("msg-user").last();
  await expect(sent.getByTestId("attachment-chip")).toContainText("architecture.md");
  await expect(page.getByTestId("msg-assistant").last()).toContainText("Hello from the fake model.");

  // "/" lists the prompts by the server's titles, with the connector's name; the keyboard picks.
  await message.fill("/");
  const list = page.getByRole("listbox", { name: "Prompts" });
  await expect(list.getByRole("option", { name: /Arguments Prompt · Everything/ })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectAccessible(page, "prompt menu");
  await message.fill("/argu");
  await expect(list.getByRole("option")).toHaveCount(1);
  await message.press("Enter");
  const panel = page.getByTestId("prompt-panel");
  await panel.getByRole("combobox", { name: "city" }).fill("Paris");
  await expectAccessible(page, "prompt form");
  await screenshot(page, info, "prompt-form");
  await panel.getByRole("button", { name: "Use prompt" }).click();
  await expect(message).toHaveValue("What's weather in Paris?");
  await message.press("Enter");
  await expect(page.getByTestId("msg-user").last()).toContainText("What's weather in Paris?");
  await expect(page.getByTestId("msg-assistant")).toHaveCount(2);
  expect(csp.violations).toEqual([]);
});

test("an MCP App renders in a sandbox and its button's tool call reaches the server", async ({
  page,
  signedIn,
}, info) => {
  void signedIn;
  await new ConnectorsPanel(page).add("Clock", clock.url);
  await openChat(page);
  const apps = new AppsMenu(page);
  await apps.open();
  await apps.pick("Clock", /Get Time/);
  await page.getByRole("textbox", { name: "Message" }).fill("What time is it on the server?");
  await page.getByRole("textbox", { name: "Message" }).press("Enter");
  // Get Time does not say it only reads, so the user approves it, once.
  await page
    .getByRole("group", { name: /^Allow .*Get Time/ })
    .getByRole("button", { name: "Allow once" })
    .click();

  const frameEl = page.locator('[data-testid="mcp-app"] iframe');
  await expect(frameEl).toHaveAttribute("sandbox", "allow-scripts");
  const app = page.frameLocator('[data-testid="mcp-app"] iframe');
  const time = app.locator("#server-time");
  // The tool's result reached the app through the bridge.
  await expect(time).toHaveText(/^\d{4}-\d\d-\d\dT/);
  const first = await time.textContent();

  // The app's own tool call asks first too: it waits for the prompt next to the app, then
  // goes through this app's server to the MCP server and back.
  await app.getByRole("button", { name: "Get Server Time" }).click();
  const prompt = page.getByTestId("mcp-app").getByRole("group", { name: /^Allow .*Get Time/ });
  await expect(prompt).toContainText("the app wants to run this tool");
  await expectNoHorizontalScroll(page);
  await expectAccessible(page, "approval prompt of an MCP App");
  await expect(time).toHaveText(first!);
  await prompt.getByRole("button", { name: "Allow once" }).click();
  await expect(prompt).toBeHidden();
  await expect(time).not.toHaveText(first!);
  await expect(time).toHaveText(/^\d{4}-\d\d-\d\dT/);

  // A message from the app is proposed in the composer, not sent.
  const before = await page.getByTestId("msg-user").count();
  await app.getByRole("button", { name: "Send Message" }).click();
  await expect(page.getByRole("textbox", { name: "Message" })).toHaveValue("This is message text.");
  await expect(page.getByText(/Message proposed by Clock › Get Time/)).toBeVisible();
  expect(await page.getByTestId("msg-user").count()).toBe(before);

  // A link opens only after the user agrees, and the domain is shown first.
  await app.getByRole("button", { name: "Open Link" }).click();
  const consent = page.getByTestId("app-link-consent");
  await expect(consent).toContainText("modelcontextprotocol.io");
  await consent.getByRole("button", { name: "Don’t open" }).click();
  await expect(consent).toBeHidden();

  // The app cannot reach this app's origin: no access to the page, no requests to its API.
  const reach = await frameEl.evaluate((el: HTMLIFrameElement) => (el.contentDocument === null ? "none" : "access"));
  expect(reach).toBe("none");
  const inside = await appDocument(page);
  // Its server declared no permissions: it has none.
  await expect(frameEl).toHaveAttribute("allow", "");
  await expect(page.getByTestId("app-permissions")).toHaveCount(0);
  expect(await grantedInside(inside)).toEqual([]);
  const probe = await inside.evaluate(async () => {
    let parentPage = "blocked";
    try {
      parentPage = window.parent.document.title;
    } catch {
      // a cross-origin frame: expected
    }
    let api = "blocked";
    try {
      api = String((await fetch("/api/trpc/connectors.list")).status);
    } catch {
      // refused by the app's policy: expected
    }
    return { parentPage, api, origin: window.origin };
  });
  expect(probe).toEqual({ parentPage: "blocked", api: "blocked", origin: "null" });

  await expectNoHorizontalScroll(page);
  await expectAccessible(page, "chat with an MCP App");
  await screenshot(page, info, "mcp-app");
});

test("an MCP App gets exactly the permissions its server declared, and the user sees which", async ({
  page,
  signedIn,
}) => {
  void signedIn;
  await new ConnectorsPanel(page).add("Transcript", transcript.url);
  await openChat(page);
  const apps = new AppsMenu(page);
  await apps.open();
  await apps.pick("Transcript", /Transcribe Speech/);
  await page.getByRole("textbox", { name: "Message" }).fill("Take notes");
  await page.getByRole("textbox", { name: "Message" }).press("Enter");
  await page
    .getByRole("group", { name: /^Allow .*Transcribe Speech/ })
    .getByRole("button", { name: "Allow once" })
    .click();

  await expect(page.getByTestId("app-permissions")).toHaveText(
    "This app may use: Microphone, Copying to your clipboard (its server asked for them; your browser may ask you first).",
  );
  await expect(page.locator('[data-testid="mcp-app"] iframe')).toHaveAttribute("allow", "microphone; clipboard-write");
  // In the browser itself: the page delegates them, the frame's own policy allows them.
  expect(await grantedInside(await appDocument(page))).toEqual(["microphone", "clipboard-write"]);
  await expectNoHorizontalScroll(page);
  await expectAccessible(page, "chat with an MCP App that asked for permissions");
});
