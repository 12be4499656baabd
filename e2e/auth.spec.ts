import { expect, test } from "@playwright/test";
import { Dashboard, SignInPage, SignUpPage, uniqueEmail } from "./pages";

const password = "a long enough password";

test("a new user signs up, lands on the dashboard, signs out and signs in again", async ({ page }) => {
  const email = uniqueEmail("newcomer");
  const signUp = new SignUpPage(page);
  await signUp.goto();
  await signUp.signUp(email, password, "Ada");
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Welcome, Ada" })).toBeVisible();
  const dashboard = new Dashboard(page);
  await dashboard.expectSignedInAs(email);

  await dashboard.signOut();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard/);

  await new SignInPage(page).signIn(email, password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await dashboard.expectSignedInAs(email);
});

test("a signed-out visit to the dashboard goes to sign-in and comes back after it", async ({ page }) => {
  const email = uniqueEmail("returning");
  await new SignUpPage(page).goto();
  await new SignUpPage(page).signUp(email, password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await new Dashboard(page).signOut();

  await page.goto("/dashboard?tab=connectors");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard%3Ftab%3Dconnectors$/);
  await new SignInPage(page).signIn(email, password);
  await expect(page).toHaveURL(/\/dashboard\?tab=connectors$/);
});

test("the forms say exactly what is wrong", async ({ page }) => {
  const email = uniqueEmail("careful");
  const signUp = new SignUpPage(page);
  await signUp.goto();
  await signUp.signUp("not-an-email", "short");
  await expect(page.getByText("Enter a valid email address, like name@example.com")).toBeVisible();
  await expect(page.getByText("Password must be at least 10 characters")).toBeVisible();

  await signUp.signUp(email, password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await new Dashboard(page).signOut();

  await signUp.goto();
  await signUp.signUp(email, password);
  await expect(signUp.formError()).toHaveText("An account with this email already exists. Sign in instead.");

  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(email, "not the password");
  await expect(signIn.formError()).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/signin/);
});
