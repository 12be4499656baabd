// @vitest-environment happy-dom
import "../support/components/setup";
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, test, vi } from "vitest";
import { ConnectorForm } from "@/components/connectors/connector-form";
import type { ConnectorResponse, ConnectorTestEvent, ConnectorTestResponse } from "@/lib/schemas/connectors";
import { apiError, type Handlers } from "../support/components/fake-api";
import { buildConnector, buildFailedTestResult, buildTestResult } from "../support/components/builders";
import { renderWithApi } from "../support/components/render";
import { choose } from "../support/components/select";
import { controlledStream, streamOf } from "../support/components/stream";

const answer = (result: ConnectorTestResponse) => () => streamOf<ConnectorTestEvent>({ type: "result", result });

function renderForm(opts: { initial?: ConnectorResponse; handlers?: Handlers } = {}) {
  const onSaved = vi.fn();
  const onCancel = vi.fn();
  const r = renderWithApi(<ConnectorForm initial={opts.initial} onSaved={onSaved} onCancel={onCancel} />, {
    "connectors.testLive": answer(buildTestResult()),
    "connectors.create": (input) => buildConnector({ name: input.name, url: input.url }),
    "connectors.update": (input) => buildConnector({ id: input.id }),
    ...opts.handlers,
  });
  const form = screen.getByRole("form", { name: opts.initial ? "Edit connector" : "Add a connector" });
  const f = within(form);
  const ui = {
    form: f,
    name: () => f.getByLabelText(/^Name/),
    url: () => f.getByLabelText(/^Server URL/),
    authType: () => f.getByLabelText(/^Authentication/),
    save: () => f.getByRole("button", { name: "Save" }),
    testButton: () => f.getByRole("button", { name: "Test connection" }),
    result: () => f.findByTestId("test-result"),
  };
  return { ...r, onSaved, onCancel, ui };
}

describe("adding a connector", () => {
  test("Save is enabled only by a passing test of exactly the current values", async () => {
    const { user, api, ui } = renderForm();
    expect(ui.save()).toBeDisabled();

    await user.type(ui.name(), "Team docs");
    await user.type(ui.url(), "https://docs.example.com/mcp");
    expect(ui.save()).toBeDisabled();

    await user.click(ui.testButton());
    expect(await ui.result()).toHaveTextContent("Connected: 1 tool found.");
    expect(ui.save()).toBeEnabled();
    expect(api.inputsOf("connectors.testLive")).toEqual([
      { url: "https://docs.example.com/mcp", auth: { type: "none" } },
    ]);

    // Another URL was not tested: Save waits for a new test.
    await user.type(ui.url(), "2");
    expect(ui.save()).toBeDisabled();
    // The earlier OK is not shown for values it did not test, and Save says why it waits.
    expect(ui.form.queryByTestId("test-result")).not.toBeInTheDocument();
    expect(ui.form.getByTestId("test-stale")).toBeInTheDocument();
    expect(ui.save()).toHaveAccessibleDescription("The values changed since the last test: test again to save.");

    // Back to exactly the tested values.
    await user.type(ui.url(), "{Backspace}");
    expect(ui.save()).toBeEnabled();
    expect(ui.save()).not.toHaveAccessibleDescription();
    expect(ui.form.queryByText(/values changed since the last test/)).not.toBeInTheDocument();
  });

  test("saving sends the tested values and reports success", async () => {
    const { user, api, ui, onSaved } = renderForm();
    await user.type(ui.name(), "Team docs");
    await user.type(ui.url(), "https://docs.example.com/mcp");
    await choose(user, ui.authType(), "Bearer token");
    await user.type(ui.form.getByLabelText(/^Token/), "s3cret-token");
    await user.click(ui.testButton());
    await ui.result();

    await user.click(ui.save());

    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(api.inputsOf("connectors.create")).toEqual([
      { name: "Team docs", url: "https://docs.example.com/mcp", auth: { type: "bearer", token: "s3cret-token" } },
    ]);
  });

  test("a failing test shows its code and hint, and Save stays disabled", async () => {
    const { user, ui } = renderForm({ handlers: { "connectors.testLive": answer(buildFailedTestResult()) } });
    await user.type(ui.name(), "Team docs");
    await user.type(ui.url(), "https://docs.example.com/mcp");
    await user.click(ui.testButton());

    const result = await ui.result();
    expect(result).toHaveRole("alert");
    expect(result).toHaveTextContent("AUTH_FAILED");
    expect(result).toHaveTextContent("The server refused the credentials (401).");
    expect(result).toHaveTextContent("Check the token and try again.");
    expect(ui.save()).toBeDisabled();
  });

  test("a warning (no tools) still allows saving", async () => {
    const warning = buildTestResult({ code: "NO_TOOLS", message: "The server offers no tools.", tools: [] });
    const { user, ui } = renderForm({ handlers: { "connectors.testLive": answer(warning) } });
    await user.type(ui.name(), "Empty");
    await user.type(ui.url(), "https://empty.example.com/mcp");
    await user.click(ui.testButton());

    const result = await ui.result();
    expect(result).toHaveRole("status");
    expect(result).toHaveTextContent("NO_TOOLS");
    expect(ui.save()).toBeEnabled();
  });

  test("Test connection needs a URL", async () => {
    const { user, ui } = renderForm();
    expect(ui.testButton()).toBeDisabled();
    await user.type(ui.url(), "   ");
    expect(ui.testButton()).toBeDisabled();
    await user.type(ui.url(), "https://x.example.com");
    expect(ui.testButton()).toBeEnabled();
  });

  test("a missing name is reported on save and nothing is created", async () => {
    const { user, api, ui, onSaved } = renderForm();
    await user.type(ui.url(), "https://docs.example.com/mcp");
    await user.click(ui.testButton());
    await ui.result();

    await user.click(ui.save());

    expect(ui.form.getByText("Enter a name")).toBeInTheDocument();
    expect(ui.name()).toHaveAttribute("aria-invalid", "true");
    expect(api.inputsOf("connectors.create")).toEqual([]);
    expect(onSaved).not.toHaveBeenCalled();
  });

  test("a missing token is reported before anything is sent", async () => {
    const { user, api, ui } = renderForm();
    await user.type(ui.url(), "https://docs.example.com/mcp");
    await choose(user, ui.authType(), "Bearer token");
    await user.click(ui.testButton());

    expect(ui.form.getByText("Enter a value")).toBeInTheDocument();
    expect(ui.form.getByLabelText(/^Token/)).toHaveAttribute("aria-invalid", "true");
    expect(api.inputsOf("connectors.testLive")).toEqual([]);
  });

  test("header names are checked before testing", async () => {
    const { user, api, ui } = renderForm();
    await user.type(ui.url(), "https://docs.example.com/mcp");
    await choose(user, ui.authType(), "API key header");
    const header = ui.form.getByLabelText(/^Header name/);
    await user.clear(header);
    await user.type(header, "X Key");
    await user.type(ui.form.getByLabelText(/^API key/), "k");
    await user.click(ui.testButton());
    expect(ui.form.getByText("Header names may contain letters, digits and - only")).toBeInTheDocument();
    expect(ui.form.getByLabelText(/^Header name/)).toHaveAttribute("aria-invalid", "true");

    await choose(user, ui.authType(), "Custom headers");
    await user.type(ui.form.getByLabelText(/^Header 1 name/), "Cookie");
    await user.type(ui.form.getByLabelText(/^Header 1 value/), "a=b");
    await user.click(ui.testButton());
    expect(ui.form.getByText("This header is set by the connection itself")).toBeInTheDocument();

    await user.clear(ui.form.getByLabelText(/^Header 1 name/));
    await user.type(ui.form.getByLabelText(/^Header 1 name/), "X-Team");
    await user.click(ui.form.getByRole("button", { name: "Add header" }));
    await user.type(ui.form.getByLabelText(/^Header 2 name/), "x-team");
    await user.type(ui.form.getByLabelText(/^Header 2 value/), "c");
    await user.click(ui.testButton());
    expect(ui.form.getByText("Each header may appear once")).toBeInTheDocument();
    expect(api.inputsOf("connectors.testLive")).toEqual([]);
  });

  test("the 10-connector limit is reported when saving", async () => {
    const { user, ui, onSaved } = renderForm({
      handlers: {
        "connectors.create": () => {
          throw apiError("CONNECTOR_LIMIT", "You already have 10 connectors, the most allowed. Delete one first.");
        },
      },
    });
    await user.type(ui.name(), "Eleventh");
    await user.type(ui.url(), "https://docs.example.com/mcp");
    await user.click(ui.testButton());
    await ui.result();
    await user.click(ui.save());

    expect(await ui.form.findByRole("alert")).toHaveTextContent(
      "You already have 10 connectors, the most allowed. Delete one first.",
    );
    expect(onSaved).not.toHaveBeenCalled();
    expect(ui.save()).toBeEnabled();
  });

  test("field errors from the server show next to their field", async () => {
    const { user, ui, onSaved } = renderForm({
      handlers: {
        "connectors.create": () => {
          throw apiError("VALIDATION", "Invalid input", {
            fieldErrors: [{ path: ["name"], message: "Names cannot contain control characters" }],
          });
        },
      },
    });
    await user.type(ui.name(), "Docs");
    await user.type(ui.url(), "https://docs.example.com/mcp");
    await user.click(ui.testButton());
    await ui.result();
    await user.click(ui.save());

    expect(await ui.form.findByText("Names cannot contain control characters")).toBeInTheDocument();
    expect(ui.name()).toHaveAttribute("aria-invalid", "true");
    expect(onSaved).not.toHaveBeenCalled();
  });

  test("a test that cannot run says why and can be tried again", async () => {
    const { user, ui } = renderForm({
      handlers: {
        "connectors.testLive": () => {
          throw apiError("RATE_LIMITED", "Too many connection tests. Try again in 30 s.");
        },
      },
    });
    await user.type(ui.url(), "https://docs.example.com/mcp");
    await user.click(ui.testButton());

    expect(await ui.form.findByRole("alert")).toHaveTextContent("Too many connection tests. Try again in 30 s.");
    expect(ui.testButton()).toBeEnabled();
    expect(ui.save()).toBeDisabled();
  });

  test("Cancel closes the form without saving", async () => {
    const { user, api, ui, onCancel } = renderForm();
    await user.click(ui.form.getByRole("button", { name: "Cancel" }));
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(api.calls).toEqual([]);
  });
});

describe("authentication types", () => {
  test("each type shows its own fields", async () => {
    const { user, ui } = renderForm();
    const secretFields = () => ui.form.queryAllByLabelText(/^(Token|API key|Header 1 value|Client secret)/);
    expect(ui.authType()).toHaveValue("none");
    expect(secretFields()).toEqual([]);

    await choose(user, ui.authType(), "Bearer token");
    expect(ui.form.getByLabelText(/^Token/)).toHaveAttribute("type", "password");
    expect(ui.form.queryByLabelText(/^Header name/)).not.toBeInTheDocument();

    await choose(user, ui.authType(), "API key header");
    expect(ui.form.getByLabelText(/^Header name/)).toHaveValue("X-API-Key");
    expect(ui.form.getByLabelText(/^API key/)).toHaveAttribute("type", "password");
    expect(ui.form.queryByLabelText(/^Token/)).not.toBeInTheDocument();

    await choose(user, ui.authType(), "Custom headers");
    expect(ui.form.getByLabelText(/^Header 1 name/)).toBeInTheDocument();
    expect(ui.form.getByLabelText(/^Header 1 value/)).toHaveAttribute("type", "password");
    expect(ui.form.queryByRole("button", { name: /Remove header/ })).not.toBeInTheDocument();
    await user.click(ui.form.getByRole("button", { name: "Add header" }));
    expect(ui.form.getByLabelText(/^Header 2 name/)).toBeInTheDocument();
    await user.click(ui.form.getByRole("button", { name: "Remove header 2" }));
    expect(ui.form.queryByLabelText(/^Header 2 name/)).not.toBeInTheDocument();

    await choose(user, ui.authType(), "OAuth sign-in");
    expect(ui.form.getByLabelText(/^Client ID/)).toBeInTheDocument();
    expect(ui.form.getByLabelText(/^Client secret/)).toBeInTheDocument();
    expect(ui.form.getByRole("button", { name: "Sign in and test" })).toBeInTheDocument();
    expect(ui.form.queryByRole("button", { name: "Test connection" })).not.toBeInTheDocument();

    await choose(user, ui.authType(), "None");
    expect(secretFields()).toEqual([]);
    expect(ui.testButton()).toBeInTheDocument();
  });

  test("custom headers are tested as entered, in order", async () => {
    const { user, api, ui } = renderForm();
    await user.type(ui.url(), "https://docs.example.com/mcp");
    await choose(user, ui.authType(), "Custom headers");
    await user.type(ui.form.getByLabelText(/^Header 1 name/), "X-Team");
    await user.type(ui.form.getByLabelText(/^Header 1 value/), "blue");
    await user.click(ui.form.getByRole("button", { name: "Add header" }));
    await user.type(ui.form.getByLabelText(/^Header 2 name/), "X-Env");
    await user.type(ui.form.getByLabelText(/^Header 2 value/), "prod");
    await user.click(ui.testButton());
    await ui.result();

    expect(api.inputsOf("connectors.testLive")[0]?.auth).toEqual({
      type: "headers",
      headers: [
        { name: "X-Team", value: "blue" },
        { name: "X-Env", value: "prod" },
      ],
    });
  });

  test("an API key is sent under the header name chosen", async () => {
    const { user, api, ui } = renderForm();
    await user.type(ui.url(), "https://docs.example.com/mcp");
    await choose(user, ui.authType(), "API key header");
    await user.type(ui.form.getByLabelText(/^API key/), "k-123");
    await user.click(ui.testButton());
    await ui.result();
    expect(api.inputsOf("connectors.testLive")[0]?.auth).toEqual({
      type: "api_key",
      header: "X-API-Key",
      value: "k-123",
    });
  });
});

describe("editing a connector", () => {
  const saved = () =>
    buildConnector({
      id: "conn_docs",
      name: "Docs",
      url: "https://docs.example.com/mcp",
      authType: "bearer",
      hasCredentials: true,
    });

  test("starts from the saved values and needs a change before saving", () => {
    const { ui } = renderForm({ initial: saved() });
    expect(ui.name()).toHaveValue("Docs");
    expect(ui.url()).toHaveValue("https://docs.example.com/mcp");
    expect(ui.authType()).toHaveValue("bearer");
    expect(ui.form.getByLabelText(/^Token/)).toHaveValue("");
    expect(ui.form.getByLabelText(/^Token/)).toHaveAttribute("placeholder", "Saved: leave empty to keep it");
    expect(ui.save()).toBeDisabled();
    expect(ui.save()).toHaveAccessibleDescription("Nothing changed yet.");
  });

  test("renaming alone needs no test and sends only the name", async () => {
    const { user, api, ui, onSaved } = renderForm({ initial: saved() });
    await user.type(ui.name(), " v2");
    expect(ui.save()).toBeEnabled();
    await user.click(ui.save());
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(api.inputsOf("connectors.update")).toEqual([{ id: "conn_docs", name: "Docs v2" }]);
    expect(Object.keys(api.inputsOf("connectors.update")[0] ?? {})).toEqual(["id", "name"]);
    expect(api.inputsOf("connectors.testLive")).toEqual([]);
  });

  test("secrets left empty keep the saved ones: they are left out of the test and the update", async () => {
    const { user, api, ui, onSaved } = renderForm({ initial: saved() });
    await user.clear(ui.url());
    await user.type(ui.url(), "https://docs.example.com/v2/mcp");
    expect(ui.save()).toBeDisabled();
    expect(ui.form.getByText(/changed the connection settings: test them before saving/)).toBeInTheDocument();

    await user.click(ui.testButton());
    await ui.result();
    expect(ui.save()).toBeEnabled();
    await user.click(ui.save());
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));

    const [tested] = api.inputsOf("connectors.testLive");
    expect(tested).toEqual({
      url: "https://docs.example.com/v2/mcp",
      auth: { type: "bearer" },
      connectorId: "conn_docs",
    });
    const [updated] = api.inputsOf("connectors.update");
    expect(updated).toEqual({
      id: "conn_docs",
      name: "Docs",
      url: "https://docs.example.com/v2/mcp",
      auth: { type: "bearer" },
    });
  });

  test("a new secret replaces the saved one", async () => {
    const { user, api, ui } = renderForm({ initial: saved() });
    await user.type(ui.form.getByLabelText(/^Token/), "rotated");
    expect(ui.save()).toBeDisabled();
    await user.click(ui.testButton());
    await ui.result();
    expect(api.inputsOf("connectors.testLive")[0]?.auth).toEqual({ type: "bearer", token: "rotated" });
  });

  test("another authentication type has no saved secret to keep", async () => {
    const { user, ui } = renderForm({ initial: saved() });
    await choose(user, ui.authType(), "API key header");
    expect(ui.form.getByLabelText(/^API key/)).not.toHaveAttribute("placeholder", "Saved: leave empty to keep it");
  });

  test("saved header names are shown, never their values", () => {
    const { ui } = renderForm({
      initial: buildConnector({ authType: "headers", hasCredentials: true, authHeaderNames: ["X-Team", "X-Env"] }),
    });
    expect(ui.form.getByLabelText(/^Header 1 name/)).toHaveValue("X-Team");
    expect(ui.form.getByLabelText(/^Header 2 name/)).toHaveValue("X-Env");
    expect(ui.form.getByLabelText(/^Header 1 value/)).toHaveValue("");
    expect(ui.form.getByLabelText(/^Header 1 value/)).toHaveAttribute("placeholder", "Saved: leave empty to keep it");
  });

  test("an API key connector shows its saved header name", () => {
    const { ui } = renderForm({
      initial: buildConnector({ authType: "api_key", hasCredentials: true, authHeaderNames: ["X-Token"] }),
    });
    expect(ui.form.getByLabelText(/^Header name/)).toHaveValue("X-Token");
  });

  test("an OAuth connector can be tested as saved or signed in again at its URL", async () => {
    const initial = buildConnector({
      authType: "oauth",
      hasCredentials: true,
      url: "https://notes.example.com/mcp",
      oauth: {
        issuer: "https://auth.example.com",
        account: "ann@example.com",
        scopes: [],
        clientId: "my-client",
        needsSignIn: false,
        reason: null,
      },
    });
    const { user, ui } = renderForm({ initial });
    expect(ui.form.getByLabelText(/^Client ID/)).toHaveValue("my-client");
    expect(ui.testButton()).toBeEnabled();
    expect(ui.form.getByRole("button", { name: "Sign in again and test" })).toBeEnabled();

    // Another URL needs a new sign-in: testing the saved one no longer applies.
    await user.type(ui.url(), "2");
    expect(ui.form.queryByRole("button", { name: "Test connection" })).not.toBeInTheDocument();
  });
});

describe("while a test runs", () => {
  test("Cancel test stops it: its steps go, nothing it finds later is shown, and it can run again", async () => {
    const stream = controlledStream<ConnectorTestEvent>();
    let calls = 0;
    const { user, ui } = renderForm({
      handlers: { "connectors.testLive": () => (++calls === 1 ? stream.iterable : answer(buildTestResult())()) },
    });
    await user.type(ui.url(), "https://slow.example.com/mcp");
    await user.click(ui.testButton());
    stream.push({ type: "step", step: { name: "url_check", status: "ok", durationMs: 1 } });
    await waitFor(() => expect(screen.getByTestId("test-step-url_check")).toHaveAttribute("data-status", "ok"));

    await user.click(ui.form.getByRole("button", { name: "Cancel test" }));
    expect(ui.form.queryByTestId("test-step-url_check")).not.toBeInTheDocument();
    expect(ui.testButton()).toBeEnabled();
    stream.push({ type: "result", result: buildTestResult() });
    stream.end();
    await new Promise((r) => setTimeout(r, 20));
    expect(ui.form.queryByTestId("test-result")).not.toBeInTheDocument();

    await user.click(ui.testButton());
    expect(await ui.result()).toHaveTextContent("Connected");
  });

  test("a test that cannot be run says so", async () => {
    const { user, ui } = renderForm({
      handlers: {
        "connectors.testLive": () => {
          throw apiError("RATE_LIMITED", "Too many connection tests. Try again in 30 seconds.");
        },
      },
    });
    await user.type(ui.url(), "https://docs.example.com/mcp");
    await user.click(ui.testButton());
    expect(await ui.form.findByRole("alert")).toHaveTextContent("Too many connection tests. Try again in 30 seconds.");
  });

  test("after a refused save, focus moves to the first field to fix", async () => {
    const { user, ui } = renderForm();
    await user.type(ui.url(), "https://docs.example.com/mcp");
    await user.click(ui.testButton());
    await ui.result();
    await user.click(ui.save());
    await waitFor(() => expect(ui.name()).toHaveFocus());
    expect(ui.name()).toHaveAccessibleDescription("Enter a name");
  });
});

describe("a URL that carries a secret", () => {
  test("the form warns, in visible text, and the warning goes away with a clean URL", async () => {
    const { user, ui } = renderForm();
    await user.type(ui.url(), "https://mcp.example.com/mcp?api_key=k-123");
    const warning = await ui.form.findByTestId("url-secret-warning");
    expect(warning).toBeVisible();
    expect(warning).toHaveTextContent(/seems to contain a secret \(the query parameter api_key\)/);
    await user.clear(ui.url());
    await user.type(ui.url(), "https://mcp.example.com/mcp");
    expect(ui.form.queryByTestId("url-secret-warning")).toBeNull();
  });
});
