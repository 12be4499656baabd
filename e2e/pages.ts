import { expect, type Page } from "@playwright/test";

export class SignUpPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/signup");
  }

  formError() {
    return this.page.getByRole("form", { name: "Create an account" }).getByRole("alert");
  }

  async signUp(email: string, password: string, name?: string) {
    const form = this.page.getByRole("form", { name: "Create an account" });
    if (name) await form.getByLabel("Name").fill(name);
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Password").fill(password);
    await form.getByRole("button", { name: "Create account" }).click();
  }
}

export class SignInPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/signin");
  }

  formError() {
    return this.page.getByRole("form", { name: "Sign in" }).getByRole("alert");
  }

  async signIn(email: string, password: string) {
    const form = this.page.getByRole("form", { name: "Sign in" });
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Password").fill(password);
    await form.getByRole("button", { name: "Sign in" }).click();
  }
}

export class Dashboard {
  constructor(private readonly page: Page) {}

  async expectSignedInAs(email: string) {
    await expect(this.page.getByTestId("current-user")).toHaveText(email);
  }

  async signOut() {
    await this.page.getByRole("button", { name: "Sign out" }).click();
    await expect(this.page).toHaveURL(/\/signin/);
  }
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}
