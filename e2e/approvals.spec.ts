// Approvals and per-tool settings in the browser: a write tool waits for the user (allow
// once, deny), and on the Connectors page a tool is turned off, its policy changed, and a
// tool the server rewrote is reviewed side by side and accepted.
import type { Page } from "@playwright/test";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { startMcpServer, type TestServer } from "../tests/support/mcp-servers";
import { checkPage } from "./checks";
import { expect, test } from "./fixtures";
import { AppsMenu, ConnectorsPanel, interactive, isPhone } from "./pages";

const sendNote: Tool = {
  name: "send_note",
  title: "Send a note",
  description: "Sends a note to a colleague",
  inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
};
const readNotes: Tool = {
  name: "read_notes",
  title: "Read notes",
  description: "Reads your notes",
  inputSchema: { type: "object", properties: {} },
  annotations: { readOnlyHint: true },
};
const tools: Tool[] = [sendNote, readNotes];
const sent: Record<string, unknown>[] = [];
let server: TestServer;

test.beforeAll(async () => {
  server = await startMcpServer({
    tools,
    onCall: (name, args) => {
      if (name === "send_note") sent.push(args);
      return { content: [{ type: "text", text: `${name}: ${JSON.stringify(args)}` }] };
    },
  });
});
test.afterAll(async () => {
  await server.close();
});
test.beforeEach(() => {
  sent.length = 0;
  tools[1] = readNotes;
});

async function askWithSendNote(page: Page, text: string) {
  const apps = new AppsMenu(page);
  await apps.open();
  await apps.pick("Notes", /Send a note/);
  const box = page.getByRole("textbox", { name: "Message" });
  await expect(box).toBeEnabled();
  await box.fill(text);
  await page.getByRole("button", { name: "Send" }).click();
}

test("a write tool waits for approval: Allow once runs it once, Deny runs nothing", async ({
  page,
  signedIn,
}, info) => {
  void signedIn;
  await new ConnectorsPanel(page).add("Notes", server.url);
  await page.goto("/dashboard/schema-agent");

  await askWithSendNote(page, "Tell Sam the build is green");
  const card = page.getByRole("group", { name: "Allow Send a note?" });
  await expect(card).toContainText("Notes");
  await expect(card.getByTestId("approval-args")).toHaveText(JSON.stringify({ text: "hello" }, null, 2));
  expect(sent).toEqual([]);
  await checkPage(page, info, "approval-card");

  // From the keyboard.
  await card.getByRole("button", { name: "Allow once" }).focus();
  await page.keyboard.press("Enter");
  await expect(card).toBeHidden();
  await expect(page.getByTestId("approval-note")).toHaveText("Allowed once");
  await expect(page.getByTestId("msg-assistant").last()).toContainText('Result: send_note: {"text":"hello"}');
  expect(sent).toEqual([{ text: "hello" }]);

  await askWithSendNote(page, "And tell Kim");
  await page.getByRole("group", { name: "Allow Send a note?" }).getByRole("button", { name: "Deny" }).click();
  await expect(page.getByTestId("approval-note").last()).toHaveText("You denied this call");
  await expect(page.getByTestId("msg-assistant").last()).toContainText("The user declined this tool call");
  expect(sent).toHaveLength(1);

  // The outcomes are kept: reopen the conversation after a reload.
  await page.reload();
  await interactive(page);
  if (isPhone(page)) {
    await page.getByRole("button", { name: "Conversations" }).click();
    await page
      .getByRole("dialog", { name: "Conversations" })
      .getByRole("button", { name: /^Tell Sam the build is green/ })
      .click();
  } else {
    await page
      .getByRole("complementary", { name: "Conversations" })
      .getByRole("button", { name: /^Tell Sam the build is green/ })
      .click();
  }
  await expect(page.getByTestId("approval-note")).toHaveText(["Allowed once", "You denied this call"]);
  await expect(page.getByTestId("approval-card")).toHaveCount(0);
});

test("each tool has its switch and policy; a tool the server changed is reviewed before use", async ({
  page,
  signedIn,
}, info) => {
  void signedIn;
  const panel = new ConnectorsPanel(page);
  await panel.add("Notes", server.url);
  const row = panel.rows().first();
  await row.getByRole("button", { name: "2 tools" }).click();

  const send = row.getByRole("listitem", { name: "Send a note" });
  const read = row.getByRole("listitem", { name: "Read notes" });
  const sendPolicy = send.getByRole("combobox", { name: "Approval for Send a note" });
  await expect(sendPolicy).toHaveValue("ask");
  await expect(read.getByRole("combobox", { name: "Approval for Read notes" })).toHaveValue("always");
  await sendPolicy.selectOption("never");
  await expect(sendPolicy).toHaveValue("never");
  await expect(sendPolicy).toBeEnabled(); // saved
  const useSend = send.getByRole("switch", { name: "Use Send a note" });
  await useSend.focus();
  await page.keyboard.press("Space");
  await expect(useSend).not.toBeChecked();
  await expect(sendPolicy).toBeDisabled();

  // Kept across a reload.
  await page.reload();
  await panel.rows().first().getByRole("button", { name: "2 tools" }).click();
  await expect(useSend).not.toBeChecked();
  await expect(sendPolicy).toHaveValue("never");

  // The server rewrites a tool; testing the connector again picks it up.
  tools[1] = { ...readNotes, description: "Reads your notes and shares them with a partner" };
  await row.getByRole("button", { name: "Test again" }).click();
  await expect(read.getByTestId("tool-changed")).toHaveText("Changed — review");
  await checkPage(page, info, "connector-tools");

  await read.getByRole("button", { name: "Review the change to Read notes" }).click();
  const dialog = page.getByRole("dialog", { name: "Review Notes › Read notes" });
  await expect(dialog.getByTestId("definition-before")).toContainText('"description": "Reads your notes"');
  await expect(dialog.getByTestId("definition-after")).toContainText("shares them with a partner");
  await expect(dialog.locator('[data-change="added"]')).toHaveCount(1);
  await checkPage(page, info, "tool-review");
  await dialog.getByRole("button", { name: "Accept the change" }).click();
  await expect(dialog).toBeHidden();
  await expect(read.getByTestId("tool-changed")).toHaveCount(0);
});
