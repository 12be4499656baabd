// The account page: a password change keeps this browser signed in and ends every other
// session; "Sign out everywhere" ends them all. At both sizes, with axe.
import { checkPage } from "./checks";
import { expect, test } from "./fixtures";
import { interactive } from "./pages";

test("change the password: this browser stays in, another browser is signed out", async ({
  page,
  browser,
  signedIn,
}, info) => {
  // A second device, signed in before the change.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto("/signin");
  await otherPage.getByLabel("Email").fill(signedIn.email);
  await otherPage.getByLabel("Password").fill("a long enough password");
  await otherPage.getByRole("button", { name: "Sign in" }).click();
  await expect(otherPage).toHaveURL(/\/dashboard$/);

  await page.goto("/dashboard/account");
  await interactive(page);
  await checkPage(page, info, "account");
  const form = page.getByRole("form", { name: "Change password" });
  await form.getByLabel("Current password").fill("a long enough password");
  await form.getByLabel("New password").fill("a brand new password");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("status")).toHaveText("Password changed. Every other session has been signed out.");
  await checkPage(page, info, "account-password-changed");

  await page.goto("/dashboard/analytics");
  await expect(page).toHaveURL(/\/dashboard\/analytics$/);
  await otherPage.goto("/dashboard/analytics");
  await expect(otherPage).toHaveURL(/\/signin/);
  await other.close();

  await page.goto("/dashboard/account");
  await interactive(page);
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/signin/);
});
