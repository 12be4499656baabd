import { test as base } from "@playwright/test";
import { Dashboard, SignUpPage, uniqueEmail } from "./pages";

/** A page signed in as a brand-new user, on the dashboard. */
export const test = base.extend<{ signedIn: { email: string } }>({
  signedIn: async ({ page }, use) => {
    const email = uniqueEmail("e2e");
    const signUp = new SignUpPage(page);
    await signUp.goto();
    await signUp.signUp(email, "a long enough password");
    await page.waitForURL(/\/dashboard$/);
    await new Dashboard(page).expectSignedInAs(email);
    await use({ email });
  },
});

export { expect } from "@playwright/test";
