// @vitest-environment happy-dom
import "../support/components/setup";
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, test, vi } from "vitest";
import { DatabaseForm } from "@/components/databases/database-form";
import type { DatabaseResponse, DatabaseTestEvent, DatabaseTestResponse } from "@/lib/schemas/databases";
import { apiError, type Handlers } from "../support/components/fake-api";
import { buildDatabase as saved } from "../support/components/database-builders";
import { renderWithApi } from "../support/components/render";
import { controlledStream, streamOf } from "../support/components/stream";

const passed = (overrides: Partial<DatabaseTestResponse> = {}): DatabaseTestResponse => ({
  ok: true,
  code: null,
  message: "Connected: 4 tables and views you can read.",
  steps: [
    { name: "address_check", status: "ok", durationMs: 1 },
    { name: "connect", status: "ok", durationMs: 12 },
    { name: "authenticate", status: "ok", durationMs: 8 },
    { name: "catalog", status: "ok", durationMs: 20 },
  ],
  server: { version: "PostgreSQL 16.4", database: "shop", user: "reader" },
  relationCount: 4,
  durationMs: 41,
  ...overrides,
});

const failed = (code: DatabaseTestResponse["code"], message: string, hint?: string): DatabaseTestResponse => ({
  ok: false,
  code,
  message,
  ...(hint ? { hint } : {}),
  steps: [
    { name: "address_check", status: "ok", durationMs: 1 },
    { name: "connect", status: "ok", durationMs: 10 },
    { name: "authenticate", status: "failed", durationMs: 5, detail: message },
    { name: "catalog", status: "skipped", durationMs: 0 },
  ],
  server: null,
  relationCount: 0,
  durationMs: 16,
});

const answer = (result: DatabaseTestResponse) => () => streamOf<DatabaseTestEvent>({ type: "result", result });

function renderForm(opts: { initial?: DatabaseResponse; handlers?: Handlers } = {}) {
  const onSaved = vi.fn();
  const onCancel = vi.fn();
  const r = renderWithApi(<DatabaseForm initial={opts.initial} onSaved={onSaved} onCancel={onCancel} />, {
    "databases.testLive": answer(passed()),
    "databases.create": (input) => saved({ name: input.name }),
    "databases.update": (input) => saved({ id: input.id, name: input.name ?? "Shop replica" }),
    ...opts.handlers,
  });
  const form = screen.getByRole("form", { name: opts.initial ? "Edit database" : "Add a database" });
  const f = within(form);
  const ui = {
    form: f,
    name: () => f.getByLabelText(/^Name/),
    how: () => f.getByLabelText(/^How to connect/),
    url: () => f.getByLabelText(/^Connection URL/),
    password: () => f.getByLabelText(/^Password/),
    save: () => f.getByRole("button", { name: "Save" }),
    testButton: () => f.getByRole("button", { name: "Test connection" }),
    result: () => f.findByTestId("test-result"),
  };
  return { ...r, onSaved, onCancel, ui };
}

describe("adding a database", () => {
  test("Save is enabled only by a passing test of exactly the current values, and says why until then", async () => {
    const { user, api, ui, onSaved } = renderForm();
    expect(ui.form.getByTestId("read-only-advice")).toHaveTextContent("Connect as a read-only role.");
    expect(ui.save()).toBeDisabled();
    expect(ui.save()).toHaveAccessibleDescription("Save needs a passing connection test of exactly these values.");

    await user.type(ui.name(), "Shop replica");
    await user.type(ui.url(), "postgresql://reader:s3cret@db.example.com/shop");
    await user.click(ui.testButton());
    const result = await ui.result();
    expect(result).toHaveTextContent("OK Connected: 4 tables and views you can read.");
    expect(result).toHaveTextContent("PostgreSQL 16.4 · database shop as reader");
    for (const step of ["address_check", "connect", "authenticate", "catalog"])
      expect(ui.form.getByTestId(`test-step-${step}`)).toHaveAttribute("data-status", "ok");
    expect(ui.form.getByTestId("test-step-connect")).toHaveTextContent("Connect12 ms");
    expect(ui.save()).toBeEnabled();
    expect(api.inputsOf("databases.testLive")).toEqual([
      { connection: { type: "url", url: "postgresql://reader:s3cret@db.example.com/shop" } },
    ]);

    // Another value was not tested: the old result is not shown as if it held.
    await user.type(ui.url(), "2");
    expect(ui.save()).toBeDisabled();
    expect(ui.form.getByTestId("test-stale")).toBeInTheDocument();
    expect(ui.save()).toHaveAccessibleDescription("The values changed since the last test: test again to save.");
    await user.type(ui.url(), "{Backspace}");
    expect(ui.save()).toBeEnabled();

    await user.click(ui.save());
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ name: "Shop replica" })));
    expect(api.inputsOf("databases.create")).toEqual([
      { name: "Shop replica", connection: { type: "url", url: "postgresql://reader:s3cret@db.example.com/shop" } },
    ]);
  });

  test("separate fields and a TLS mode are sent as typed, the port as a number", async () => {
    const { user, api, ui } = renderForm();
    await user.selectOptions(ui.how(), "fields");
    await user.type(ui.form.getByLabelText(/^Host/), "db.example.com");
    await user.clear(ui.form.getByLabelText(/^Port/));
    await user.type(ui.form.getByLabelText(/^Port/), "6543");
    await user.type(ui.form.getByLabelText(/^Database/), "shop");
    await user.type(ui.form.getByLabelText(/^User/), "reader");
    await user.type(ui.password(), "pw");
    await user.selectOptions(ui.form.getByLabelText(/^TLS/), "verify-full");
    expect(ui.form.getByLabelText(/^Certificate authority/)).toBeInTheDocument();
    await user.click(ui.testButton());
    await ui.result();
    expect(api.inputsOf("databases.testLive")).toEqual([
      {
        connection: {
          type: "fields",
          host: "db.example.com",
          port: 6543,
          database: "shop",
          user: "reader",
          password: "pw",
          tls: "verify-full",
        },
      },
    ]);
  });

  test("bad values are named at their field and nothing is tested", async () => {
    const { user, api, ui } = renderForm();
    await user.click(ui.testButton());
    expect(await ui.form.findByText("Enter the connection URL")).toBeInTheDocument();
    await waitFor(() => expect(ui.url()).toHaveFocus());
    await user.selectOptions(ui.how(), "fields");
    await user.clear(ui.form.getByLabelText(/^Port/));
    await user.type(ui.form.getByLabelText(/^Port/), "70000");
    await user.click(ui.testButton());
    expect(await ui.form.findByText("Enter the server's host name")).toBeInTheDocument();
    expect(ui.form.getByText("Ports are 1 to 65535")).toBeInTheDocument();
    expect(api.inputsOf("databases.testLive")).toEqual([]);
  });

  test.each([
    ["AUTH_FAILED", "The server refused the user name or password.", "Check the user and password."],
    ["URL_NOT_ALLOWED", "Private and local addresses are not allowed.", undefined],
    ["TIMEOUT", "The server did not answer within 10 seconds.", undefined],
    ["NOT_POSTGRES", "The server did not answer like PostgreSQL.", undefined],
  ] as const)("a failed test (%s) shows its code and message and keeps Save disabled", async (code, message, hint) => {
    const { user, ui } = renderForm({ handlers: { "databases.testLive": answer(failed(code, message, hint)) } });
    await user.type(ui.name(), "X");
    await user.type(ui.url(), "postgresql://x@db.example.com/x");
    await user.click(ui.testButton());
    const result = await ui.result();
    expect(result).toHaveTextContent(`${code} ${message}`);
    if (hint) expect(result).toHaveTextContent(hint);
    expect(ui.form.getByTestId("test-step-authenticate")).toHaveAttribute("data-status", "failed");
    expect(ui.form.getByTestId("test-step-catalog")).toHaveAttribute("data-status", "skipped");
    expect(ui.save()).toBeDisabled();
    expect(ui.save()).toHaveAccessibleDescription("The test did not pass: fix the settings and test again.");
  });

  test("NO_TABLES is a warning: the database may still be saved", async () => {
    const { user, ui } = renderForm({
      handlers: {
        "databases.testLive": answer(
          passed({ code: "NO_TABLES", message: "Connected, but this user can read no tables.", relationCount: 0 }),
        ),
      },
    });
    await user.type(ui.name(), "Empty");
    await user.type(ui.url(), "postgresql://x@db.example.com/x");
    await user.click(ui.testButton());
    expect(await ui.result()).toHaveTextContent("NO_TABLES Connected, but this user can read no tables.");
    expect(ui.save()).toBeEnabled();
  });

  test("the steps show live with the time elapsed; Cancel stops the test and keeps nothing", async () => {
    const stream = controlledStream<DatabaseTestEvent>();
    const { user, ui } = renderForm({ handlers: { "databases.testLive": () => stream.iterable } });
    await user.type(ui.url(), "postgresql://x@slow.example.com/x");
    await user.click(ui.testButton());
    stream.push({ type: "step", step: { name: "address_check", status: "ok", durationMs: 2 } });
    await waitFor(() => expect(ui.form.getByTestId("test-step-address_check")).toHaveAttribute("data-status", "ok"));
    expect(ui.form.getByTestId("test-step-connect")).toHaveAttribute("data-status", "running");
    expect(ui.save()).toHaveAccessibleDescription("Save waits for the test to finish.");
    await user.click(ui.form.getByRole("button", { name: "Cancel test" }));
    expect(ui.form.queryByTestId("test-step-address_check")).not.toBeInTheDocument();
    stream.push({ type: "result", result: passed() });
    stream.end();
    await new Promise((r) => setTimeout(r, 20));
    expect(ui.form.queryByTestId("test-result")).not.toBeInTheDocument();
    expect(ui.testButton()).toBeEnabled();
  });

  test("a refusal on save is shown, at the field when it names one", async () => {
    const { user, ui, onSaved } = renderForm({
      handlers: {
        "databases.create": () => {
          throw apiError("DATABASE_LIMIT", "You have 10 databases, the most allowed.");
        },
      },
    });
    await user.type(ui.name(), "Eleventh");
    await user.type(ui.url(), "postgresql://x@db.example.com/x");
    await user.click(ui.testButton());
    await ui.result();
    await user.click(ui.save());
    expect(await ui.form.findByRole("alert")).toHaveTextContent("You have 10 databases, the most allowed.");
    expect(onSaved).not.toHaveBeenCalled();
  });

  test("a test that cannot be run says so", async () => {
    const { user, ui } = renderForm({
      handlers: {
        "databases.testLive": () => {
          throw apiError("RATE_LIMITED", "Too many connection tests: wait a minute.");
        },
      },
    });
    await user.type(ui.url(), "postgresql://x@db.example.com/x");
    await user.click(ui.testButton());
    expect(await ui.form.findByRole("alert")).toHaveTextContent("Too many connection tests: wait a minute.");
  });
});

describe("editing a database", () => {
  test("the saved settings are shown without the password; a rename alone saves without a test", async () => {
    const { user, api, ui, onSaved } = renderForm({ initial: saved() });
    expect(ui.how()).toHaveValue("fields");
    expect(ui.form.getByLabelText(/^Host/)).toHaveValue("db.example.com");
    expect(ui.password()).toHaveValue("");
    expect(ui.password()).toHaveAttribute("type", "password");
    expect(ui.form.getByText(/Leave empty to keep the saved password/)).toBeInTheDocument();
    expect(ui.save()).toHaveAccessibleDescription("Nothing changed yet.");

    await user.clear(ui.name());
    await user.type(ui.name(), "Replica");
    expect(ui.save()).toBeEnabled();
    await user.click(ui.save());
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(api.inputsOf("databases.update")).toEqual([{ id: "db_1", name: "Replica" }]);
  });

  test("changed settings are tested with the saved password left out, then saved", async () => {
    const { user, api, ui, onSaved } = renderForm({ initial: saved() });
    await user.clear(ui.form.getByLabelText(/^Database/));
    await user.type(ui.form.getByLabelText(/^Database/), "shop2");
    expect(ui.save()).toHaveAccessibleDescription("You changed the connection settings: test them before saving.");
    await user.click(ui.testButton());
    await ui.result();
    const connection = {
      type: "fields",
      host: "db.example.com",
      port: 5432,
      database: "shop2",
      user: "reader",
      tls: "require",
    };
    expect(api.inputsOf("databases.testLive")).toEqual([{ connection, databaseId: "db_1" }]);
    await user.click(ui.save());
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(api.inputsOf("databases.update")).toEqual([{ id: "db_1", name: "Shop replica", connection }]);
  });
});
