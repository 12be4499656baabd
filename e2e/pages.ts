import { expect, type Page } from "@playwright/test";

/** Waits until React has hydrated the page, so clicks reach their handlers. */
export async function interactive(page: Page) {
  await page.locator('html[data-hydrated="true"]').waitFor({ state: "attached" });
}

export class SignUpPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/signup");
    await interactive(this.page);
  }

  formError() {
    return this.page.getByRole("form", { name: "Create an account" }).getByRole("alert");
  }

  async signUp(email: string, password: string, name?: string) {
    const form = this.page.getByRole("form", { name: "Create an account" });
    if (name) await form.getByLabel(/^Name/).fill(name);
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Password").fill(password);
    await form.getByRole("button", { name: "Create account" }).click();
  }
}

export class SignInPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/signin");
    await interactive(this.page);
  }

  formError() {
    return this.page.getByRole("form", { name: "Sign in" }).getByRole("alert");
  }

  async signIn(email: string, password: string) {
    await interactive(this.page);
    const form = this.page.getByRole("form", { name: "Sign in" });
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Password").fill(password);
    await form.getByRole("button", { name: "Sign in" }).click();
  }
}

/** Whether the page is at phone width, where the navigation sits in a drawer. */
export function isPhone(page: Page): boolean {
  return (page.viewportSize()?.width ?? 1280) < 768;
}

/** Follows a main navigation link: in the bar on a wide screen, in the menu drawer on a phone. */
export async function navigate(page: Page, label: "Agent" | "Connectors" | "Databases" | "Analytics" | "API") {
  await interactive(page);
  if (isPhone(page)) {
    await page.getByRole("button", { name: "Open the menu" }).click();
    await page.getByRole("dialog", { name: "Menu" }).getByRole("link", { name: label }).click();
  } else {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: label }).click();
  }
}

export class Dashboard {
  constructor(private readonly page: Page) {}

  async expectSignedInAs(email: string) {
    await expect(this.page.getByTestId("current-user")).toHaveText(email);
  }

  async signOut() {
    await interactive(this.page);
    if (isPhone(this.page)) {
      await this.page.getByRole("button", { name: "Open the menu" }).click();
      await this.page.getByRole("dialog", { name: "Menu" }).getByRole("button", { name: "Sign out" }).click();
    } else {
      await this.page.getByRole("button", { name: /^Account:/ }).click();
      await this.page.getByRole("menuitem", { name: "Sign out" }).click();
    }
    await expect(this.page).toHaveURL(/\/signin/);
  }
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

export class ConnectorsPanel {
  constructor(private readonly page: Page) {}

  form() {
    return this.page.getByRole("form", { name: "Add a connector" });
  }

  async openAddForm() {
    await interactive(this.page);
    await this.page.getByRole("button", { name: "Add connector" }).click();
    await expect(this.form()).toBeVisible();
  }

  async fill(name: string, url: string, auth: { type: "none" } | { type: "bearer"; token: string }) {
    const form = this.form();
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByLabel("Server URL", { exact: true }).fill(url);
    if (auth.type === "bearer") {
      await form.getByLabel("Authentication").selectOption("bearer");
      await form.getByLabel("Token", { exact: true }).fill(auth.token);
    }
  }

  async test() {
    await this.form().getByRole("button", { name: "Test connection" }).click();
    await expect(this.form().getByTestId("test-result")).toBeVisible();
  }

  saveButton() {
    return this.form().getByRole("button", { name: "Save" });
  }

  /** Adds a connector through the form: fill, test, save, and wait for it in the list. */
  async add(name: string, url: string, auth: { type: "none" } | { type: "bearer"; token: string } = { type: "none" }) {
    const before = await this.rows().count();
    await this.openAddForm();
    await this.fill(name, url, auth);
    await this.test();
    await this.saveButton().click();
    await expect(this.rows()).toHaveCount(before + 1);
  }

  step(name: string) {
    return this.form().getByTestId(`test-step-${name}`);
  }

  rows() {
    return this.page.getByTestId("connector-row");
  }
}

export class AppsMenu {
  constructor(private readonly page: Page) {}

  dialog() {
    return this.page.getByRole("dialog", { name: "Apps" });
  }

  async open() {
    await interactive(this.page);
    await this.page.getByRole("button", { name: "Apps" }).click();
    await expect(this.dialog()).toBeVisible();
  }

  connector(name: string) {
    return this.dialog().getByTestId("app-connector").filter({ hasText: name });
  }

  /** Picks a tool: "Dictionary" then "lookup", in the Apps dialog (which then closes). */
  async pick(source: string, tool: RegExp) {
    const row = this.dialog().getByRole("listitem", { name: source, exact: true });
    await row.getByRole("button", { name: new RegExp(`^(Tools of ${source}|\\d+ tools?)$`) }).click();
    await row.getByRole("button", { name: tool }).click();
    await expect(this.dialog()).toBeHidden();
  }

  async manage() {
    await this.page.getByRole("button", { name: "Manage connectors" }).click();
    await expect(this.page.getByRole("dialog", { name: "Manage connectors" })).toBeVisible();
  }
}
