// Resource links in a tool result, in the browser, against server-everything from npm:
// opened in the card, read through the app over the connector's own connection (the same
// mcp.readResource the Attach dialog uses), text shown and binary described. Both sizes,
// keyboard only, axe, no sideways scrolling.
import { startEverything, type Everything } from "../tests/support/everything";
import { checkPage, watchCsp } from "./checks";
import { expect, test } from "./fixtures";
import { AppsMenu, ConnectorsPanel } from "./pages";

let everything: Everything;

test.beforeAll(async () => {
  everything = await startEverything();
});
test.afterAll(async () => {
  await everything.close();
});

test("a tool result's resource links open in the card, read through the app", async ({ page, signedIn }, info) => {
  void signedIn;
  const csp = watchCsp(page);
  await new ConnectorsPanel(page).add("Everything", everything.url);
  await page.goto("/dashboard/schema-agent");
  await expect(page.getByTestId("model-line")).toHaveText("Model: fake-model");
  const apps = new AppsMenu(page);
  await apps.open();
  await apps.pick("Everything", /Get Resource Links Tool/);
  await page.getByRole("textbox", { name: "Message" }).fill("Which resources are there?");
  await page.getByRole("button", { name: "Send" }).click();

  const links = page.getByTestId("tool-links");
  const text = links.getByRole("button", { name: "Text Resource 2" });
  await expect(text).toHaveAttribute("aria-expanded", "false");
  await text.focus();
  await page.keyboard.press("Enter");
  await expect(text).toHaveAttribute("aria-expanded", "true");
  await expect(links.getByTestId("resource-content").first()).toContainText("Resource 2: This is a plaintext resource");

  await links.getByRole("button", { name: "Blob Resource 1" }).click();
  await expect(links.getByText(/^Binary content \(\d+ KB, text\/plain\), not shown\.$/)).toBeVisible();
  await checkPage(page, info, "tool-resource-links");
  expect(csp.violations).toEqual([]);
});
