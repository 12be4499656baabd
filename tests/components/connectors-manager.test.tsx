// @vitest-environment happy-dom
import "../support/components/setup";
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, test } from "vitest";
import { ConnectorsManager, ConnectorsPanel } from "@/components/connectors/connectors-panel";
import { MAX_CONNECTORS_PER_USER, type ConnectorResponse } from "@/lib/schemas/connectors";
import { apiError, type Handlers } from "../support/components/fake-api";
import { buildConnector, buildFailedTestResult, buildTestResult } from "../support/components/builders";
import { interceptPopups, postFromPopup } from "../support/components/popup";
import { renderWithApi } from "../support/components/render";
import { deferred } from "../support/components/stream";

/** A user's saved connectors, changed by the procedures the way the server would. */
/** The per-tool settings of a connector's tools, as the server answers for new tools. */
const toolSettingsOf = (c: ConnectorResponse) =>
  c.tools.map((t) => ({ ...t, enabled: true, policy: "ask" as const, changed: false }));

function connectorStore(initial: ConnectorResponse[]) {
  let rows = initial;
  const handlers: Handlers = {
    "connectors.list": () => rows,
    "toolPolicy.list": ({ connectorId }) => toolSettingsOf(rows.find((c) => c.id === connectorId)!),
    "connectors.toggle": ({ id, enabled }) => {
      rows = rows.map((c) => (c.id === id ? { ...c, enabled, status: enabled ? "connected" : "disabled" } : c));
      return rows.find((c) => c.id === id) as ConnectorResponse;
    },
    "connectors.delete": ({ id }) => {
      rows = rows.filter((c) => c.id !== id);
      return { id };
    },
  };
  return { handlers, rows: () => rows };
}

const row = (name: string) => screen.getByRole("listitem", { name });

describe("the connector list", () => {
  test("shows each connector with its status, address, tools and switch", async () => {
    const store = connectorStore([
      buildConnector({ name: "Docs", url: "https://docs.example.com/mcp", toolCount: 1 }),
      buildConnector({
        name: "Notes",
        status: "failing",
        toolCount: 2,
        tools: [{ name: "read_note" }, { name: "write_note", description: "Write a note" }],
      }),
      buildConnector({ name: "Old", enabled: false, status: "disabled", toolCount: 0, tools: [] }),
    ]);
    const { user } = renderWithApi(<ConnectorsPanel />, store.handlers);

    expect(screen.getByText("Loading your connectors…")).toBeInTheDocument();
    const list = await screen.findByRole("list", { name: "Connectors" });
    expect(within(list).getAllByTestId("connector-row")).toHaveLength(3);
    expect(screen.getByRole("heading", { name: /Your connectors/ })).toHaveTextContent(
      `(3 of ${MAX_CONNECTORS_PER_USER})`,
    );

    const docs = within(row("Docs"));
    expect(docs.getByText("https://docs.example.com/mcp")).toBeInTheDocument();
    expect(docs.getByText("Connected")).toBeInTheDocument();
    expect(docs.getByRole("switch", { name: "Enable Docs" })).toBeChecked();
    expect(within(row("Notes")).getByText("Failing")).toBeInTheDocument();
    expect(within(row("Old")).getByText("Disabled")).toBeInTheDocument();
    expect(within(row("Old")).getByRole("switch", { name: "Enable Old" })).not.toBeChecked();

    const toolsButton = within(row("Notes")).getByRole("button", { name: "2 tools" });
    expect(toolsButton).toHaveAttribute("aria-expanded", "false");
    await user.click(toolsButton);
    expect(toolsButton).toHaveAttribute("aria-expanded", "true");
    expect(await within(row("Notes")).findByText("read_note")).toBeInTheDocument();
    expect(within(row("Notes")).getByText("Write a note")).toBeInTheDocument();

    expect(docs.getByRole("button", { name: "1 tool" })).toBeInTheDocument();
    await user.click(within(row("Old")).getByRole("button", { name: "0 tools" }));
    expect(await within(row("Old")).findByText("This server offers no tools.")).toBeInTheDocument();
  });

  test("an empty list invites adding one", async () => {
    renderWithApi(<ConnectorsManager />, { "connectors.list": () => [] });
    expect(await screen.findByText("No connectors yet.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Add connector" })).toBeEnabled();
  });

  test("a list that cannot load says so and can be loaded again", async () => {
    let fail = true;
    const { user } = renderWithApi(<ConnectorsManager />, {
      "connectors.list": () => {
        if (fail) throw apiError("INTERNAL", "Something went wrong on our side. Reference: r1");
        return [buildConnector({ name: "Docs" })];
      },
    });
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Your connectors could not be loaded: Something went wrong on our side. Reference: r1",
    );
    fail = false;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("listitem", { name: "Docs" })).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  test(`at ${MAX_CONNECTORS_PER_USER} connectors no more can be added`, async () => {
    const many = Array.from({ length: MAX_CONNECTORS_PER_USER }, (_, i) => buildConnector({ name: `C${i}` }));
    renderWithApi(<ConnectorsManager />, { "connectors.list": () => many });
    await screen.findByRole("list", { name: "Connectors" });
    const add = screen.getByRole("button", { name: "Add connector" });
    expect(add).toBeDisabled();
    // Why, in words on the page (not only in a tooltip), and tied to the button.
    expect(add).toHaveAccessibleDescription(
      `You have ${MAX_CONNECTORS_PER_USER} connectors, the most allowed. Delete one to add another.`,
    );
    expect(screen.getByText(/the most allowed/)).toBeVisible();
    expect(screen.getByRole("heading", { name: /Your connectors/ })).toHaveTextContent(
      `(${MAX_CONNECTORS_PER_USER} of ${MAX_CONNECTORS_PER_USER})`,
    );
  });

  test("one below the limit a connector can still be added", async () => {
    const some = Array.from({ length: MAX_CONNECTORS_PER_USER - 1 }, (_, i) => buildConnector({ name: `C${i}` }));
    renderWithApi(<ConnectorsManager />, { "connectors.list": () => some });
    await screen.findByRole("list", { name: "Connectors" });
    expect(screen.getByRole("button", { name: "Add connector" })).toBeEnabled();
  });
});

describe("enabling and disabling", () => {
  test("the switch moves at once and the list follows the saved value", async () => {
    const store = connectorStore([buildConnector({ id: "c1", name: "Docs" })]);
    const saving = deferred<void>();
    const { user, api } = renderWithApi(<ConnectorsManager />, {
      ...store.handlers,
      "connectors.toggle": async (input) => {
        await saving.promise;
        return store.handlers["connectors.toggle"]!(input);
      },
    });
    const toggle = await screen.findByRole("switch", { name: "Enable Docs" });

    await user.click(toggle);
    expect(toggle).not.toBeChecked();
    expect(toggle).toBeDisabled();
    expect(api.inputsOf("connectors.toggle")).toEqual([{ id: "c1", enabled: false }]);

    saving.resolve();
    await waitFor(() => expect(within(row("Docs")).getByText("Disabled")).toBeInTheDocument());
    expect(toggle).not.toBeChecked();
    expect(toggle).toBeEnabled();

    await user.click(toggle);
    await waitFor(() => expect(within(row("Docs")).getByText("Connected")).toBeInTheDocument());
    expect(toggle).toBeChecked();
    expect(api.inputsOf("connectors.toggle")).toEqual([
      { id: "c1", enabled: false },
      { id: "c1", enabled: true },
    ]);
  });

  test("a refused change is reported", async () => {
    const store = connectorStore([buildConnector({ id: "c1", name: "Docs" })]);
    const { user } = renderWithApi(<ConnectorsManager />, {
      ...store.handlers,
      "connectors.toggle": () => {
        throw apiError("NOT_FOUND", "Connector not found.");
      },
    });
    await user.click(await screen.findByRole("switch", { name: "Enable Docs" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Connector not found.");
  });

  test("after a refused change the switch shows the saved value again", async () => {
    const store = connectorStore([buildConnector({ id: "c1", name: "Docs" })]);
    const { user, api } = renderWithApi(<ConnectorsManager />, {
      ...store.handlers,
      "connectors.toggle": () => {
        throw apiError("NOT_FOUND", "Connector not found.");
      },
    });
    const toggle = await screen.findByRole("switch", { name: "Enable Docs" });
    await user.click(toggle);
    await screen.findByRole("alert");
    // The list was fetched again after the failure and still says enabled.
    await waitFor(() => expect(api.inputsOf("connectors.list")).toHaveLength(2));
    await api.settled();
    expect(toggle).toBeChecked();
  });
});

describe("deleting", () => {
  test("asks for confirmation; Cancel keeps the connector", async () => {
    const store = connectorStore([buildConnector({ name: "Docs" })]);
    const { user, api } = renderWithApi(<ConnectorsManager />, store.handlers);
    await user.click(
      within(await screen.findByRole("listitem", { name: "Docs" })).getByRole("button", { name: "Delete Docs" }),
    );

    const confirm = screen.getByRole("alertdialog", { name: "Delete “Docs”?" });
    expect(confirm).toHaveAccessibleDescription(/its saved credentials are deleted/);
    await user.click(within(confirm).getByRole("button", { name: "Cancel" }));

    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(api.inputsOf("connectors.delete")).toEqual([]);
    expect(row("Docs")).toBeInTheDocument();
  });

  test("confirming deletes it and the list no longer shows it", async () => {
    const store = connectorStore([buildConnector({ id: "c1", name: "Docs" }), buildConnector({ name: "Notes" })]);
    const { user, api } = renderWithApi(<ConnectorsManager />, store.handlers);
    await user.click(
      within(await screen.findByRole("listitem", { name: "Docs" })).getByRole("button", { name: "Delete Docs" }),
    );
    await user.click(screen.getByRole("button", { name: "Delete Docs" }));

    await waitFor(() => expect(screen.queryByRole("listitem", { name: "Docs" })).not.toBeInTheDocument());
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(api.inputsOf("connectors.delete")).toEqual([{ id: "c1" }]);
    expect(row("Notes")).toBeInTheDocument();
  });

  test("a failed delete is reported and the connector stays", async () => {
    const store = connectorStore([buildConnector({ name: "Docs" })]);
    const { user } = renderWithApi(<ConnectorsManager />, {
      ...store.handlers,
      "connectors.delete": () => {
        throw apiError("INTERNAL", "Something went wrong on our side. Reference: r2");
      },
    });
    await user.click(
      within(await screen.findByRole("listitem", { name: "Docs" })).getByRole("button", { name: "Delete Docs" }),
    );
    const confirm = screen.getByRole("alertdialog", { name: "Delete “Docs”?" });
    await user.click(within(confirm).getByRole("button", { name: "Delete Docs" }));
    // The error shows inside the dialog, where the user is looking, not behind it.
    expect(await within(confirm).findByRole("alert")).toHaveTextContent(
      "Something went wrong on our side. Reference: r2",
    );
    await user.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(row("Docs")).toBeInTheDocument();
  });
});

describe("adding and editing", () => {
  test("Add connector opens the form in a dialog; Cancel closes it", async () => {
    const { user } = renderWithApi(<ConnectorsManager />, { "connectors.list": () => [] });
    await screen.findByText("No connectors yet.");
    await user.click(screen.getByRole("button", { name: "Add connector" }));

    const form = await screen.findByRole("form", { name: "Add a connector" });
    expect(screen.getByRole("dialog")).toContainElement(form);
    await user.click(within(form).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("form", { name: "Add a connector" })).not.toBeInTheDocument();
  });

  test("the add form can open at once", async () => {
    renderWithApi(<ConnectorsManager autoOpenAdd />, { "connectors.list": () => [] });
    expect(await screen.findByRole("form", { name: "Add a connector" })).toBeInTheDocument();
    await screen.findByText("No connectors yet.");
  });

  test("a saved connector appears in the list and the dialog closes", async () => {
    const store = connectorStore([]);
    let rows: ConnectorResponse[] = [];
    const { user } = renderWithApi(<ConnectorsManager />, {
      ...store.handlers,
      "connectors.list": () => rows,
      "connectors.testLive": async function* () {
        await Promise.resolve();
        yield { type: "result" as const, result: buildTestResult() };
      },
      "connectors.create": (input) => {
        const c = buildConnector({ name: input.name, url: input.url });
        rows = [c];
        return c;
      },
    });
    await screen.findByText("No connectors yet.");
    await user.click(screen.getByRole("button", { name: "Add connector" }));
    const form = within(await screen.findByRole("form", { name: "Add a connector" }));
    await user.type(form.getByLabelText(/^Name/), "Docs");
    await user.type(form.getByLabelText(/^Server URL/), "https://docs.example.com/mcp");
    await user.click(form.getByRole("button", { name: "Test connection" }));
    await form.findByTestId("test-result");
    await user.click(form.getByRole("button", { name: "Save" }));

    expect(await screen.findByRole("listitem", { name: "Docs" })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("form", { name: "Add a connector" })).not.toBeInTheDocument());
  });

  test("testing a saved connector refreshes its row, since a test can change it", async () => {
    let rows = [buildConnector({ id: "c1", name: "Docs" })];
    const { user } = renderWithApi(<ConnectorsManager />, {
      "connectors.list": () => rows,
      "connectors.testLive": async function* () {
        await Promise.resolve();
        rows = rows.map((c) => ({ ...c, status: "failing" as const, lastTestCode: "TIMEOUT" }));
        yield { type: "result" as const, result: buildFailedTestResult({ code: "TIMEOUT" }) };
      },
    });
    await user.click(
      within(await screen.findByRole("listitem", { name: "Docs" })).getByRole("button", { name: "Edit Docs" }),
    );
    const form = within(await screen.findByRole("form", { name: "Edit connector" }));
    await user.click(form.getByRole("button", { name: "Test connection" }));
    await form.findByTestId("test-result");

    // The row behind the dialog is hidden from assistive technology while it is open.
    const docs = screen.getByRole("listitem", { name: "Docs", hidden: true });
    await waitFor(() => expect(within(docs).getByText("Failing")).toBeInTheDocument());
  });

  test("Edit opens the form with that connector's values", async () => {
    const store = connectorStore([buildConnector({ name: "Docs", url: "https://docs.example.com/mcp" })]);
    const { user } = renderWithApi(<ConnectorsManager />, store.handlers);
    await user.click(
      within(await screen.findByRole("listitem", { name: "Docs" })).getByRole("button", { name: "Edit Docs" }),
    );

    const form = within(await screen.findByRole("form", { name: "Edit connector" }));
    expect(form.getByLabelText(/^Name/)).toHaveValue("Docs");
    expect(form.getByLabelText(/^Server URL/)).toHaveValue("https://docs.example.com/mcp");
    await user.click(form.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("form", { name: "Edit connector" })).not.toBeInTheDocument();
  });
});

describe("signing in again", () => {
  const needsSignIn = () =>
    buildConnector({
      id: "c_notes",
      name: "Notes",
      url: "https://notes.example.com/mcp",
      authType: "oauth",
      hasCredentials: true,
      status: "needs_sign_in",
      oauth: {
        issuer: "https://auth.example.com",
        account: "ann@example.com",
        scopes: ["notes:read"],
        clientId: null,
        needsSignIn: true,
        reason: "The authorization server no longer accepts this sign-in.",
      },
    });
  const start = {
    attemptId: "attempt_0123456789abcdef",
    authorizeUrl: "https://auth.example.com/authorize",
    issuer: "https://auth.example.com",
    scopes: ["notes:read"],
    clientSource: "registered" as const,
    steps: [],
  };

  test("the row says why and keeps its settings; signing in again tests it", async () => {
    const popups = interceptPopups();
    let rows = [needsSignIn()];
    const { user, api } = renderWithApi(<ConnectorsManager />, {
      "connectors.list": () => rows,
      "connectors.oauthStart": () => start,
      "connectors.retest": ({ id }) => {
        rows = rows.map((c) =>
          c.id === id ? { ...c, status: "connected", oauth: { ...c.oauth!, needsSignIn: false } } : c,
        );
        return { connector: rows[0]!, test: buildTestResult() };
      },
    });
    const notes = within(await screen.findByRole("listitem", { name: "Notes" }));
    expect(notes.getByText("Needs sign-in")).toBeInTheDocument();
    expect(notes.getByTestId("connector-account")).toHaveTextContent("Signed in as ann@example.com");
    expect(notes.getByTestId("needs-sign-in")).toHaveTextContent(
      "The authorization server no longer accepts this sign-in. Its settings are kept.",
    );

    await user.click(notes.getByRole("button", { name: "Sign in again" }));
    expect(notes.getByRole("button", { name: "Signing in…" })).toBeDisabled();
    await waitFor(() => expect(popups.opened.at(-1)?.url).toBe("https://auth.example.com/authorize"));
    expect(api.inputsOf("connectors.oauthStart")).toEqual([
      { url: "https://notes.example.com/mcp", connectorId: "c_notes" },
    ]);

    await postFromPopup({ type: "connectors:oauth", kind: "connector", attemptId: start.attemptId, ok: true });

    await waitFor(() => expect(notes.queryByTestId("needs-sign-in")).not.toBeInTheDocument());
    expect(api.inputsOf("connectors.retest")).toEqual([{ id: "c_notes" }]);
    expect(notes.getByText("Connected")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  test("a sign-in that works but a test that fails is reported", async () => {
    const popups = interceptPopups();
    const { user } = renderWithApi(<ConnectorsManager />, {
      "connectors.list": () => [needsSignIn()],
      "connectors.oauthStart": () => start,
      "connectors.retest": () => ({
        connector: needsSignIn(),
        test: buildFailedTestResult({ message: "The server answered 500." }),
      }),
    });
    await user.click(await screen.findByRole("button", { name: "Sign in again" }));
    await waitFor(() => expect(popups.opened.at(-1)?.url).toBe(start.authorizeUrl));
    await postFromPopup({ type: "connectors:oauth", kind: "connector", attemptId: start.attemptId, ok: true });

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Signed in, but the connection test failed: The server answered 500.",
    );
  });

  test("a refused sign-in is reported; a sign-in that could not start too", async () => {
    const popups = interceptPopups();
    let startFails = false;
    const { user } = renderWithApi(<ConnectorsManager />, {
      "connectors.list": () => [needsSignIn()],
      "connectors.oauthStart": () => {
        if (startFails) throw apiError("OAUTH_DISCOVERY_FAILED", "The server does not say where to sign in.");
        return start;
      },
    });
    await user.click(await screen.findByRole("button", { name: "Sign in again" }));
    // The popup listens once it has been sent to the sign-in page.
    await waitFor(() => expect(popups.opened.at(-1)?.url).toBe(start.authorizeUrl));
    await postFromPopup({
      type: "connectors:oauth",
      kind: "connector",
      attemptId: start.attemptId,
      ok: false,
      message: "You declined access.",
    });
    expect(await screen.findByRole("alert")).toHaveTextContent("You declined access.");

    startFails = true;
    await user.click(screen.getByRole("button", { name: "Sign in again" }));
    await waitFor(() =>
      expect(screen.getByRole("alert")).toHaveTextContent("The server does not say where to sign in."),
    );
  });

  test("closing the window is not an error", async () => {
    const popups = interceptPopups();
    const { user, api } = renderWithApi(<ConnectorsManager />, {
      "connectors.list": () => [needsSignIn()],
      "connectors.oauthStart": () => start,
    });
    await user.click(await screen.findByRole("button", { name: "Sign in again" }));
    await waitFor(() => expect(api.inputsOf("connectors.oauthStart")).toHaveLength(1));
    popups.last().close();
    await waitFor(() => expect(screen.getByRole("button", { name: "Sign in again" })).toBeEnabled(), {
      timeout: 3_000,
    });
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });
});

describe("health", () => {
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

  test("a failing connector says why and since when, and Test again retests it", async () => {
    let fixed = false;
    const rows = () => [
      buildConnector({
        id: "c1",
        name: "Docs",
        status: fixed ? "connected" : "failing",
        lastTestOk: fixed,
        failingSince: fixed ? null : minutesAgo(30),
        lastError: fixed ? null : "The server did not answer completely within 10 s.",
        lastOkAt: minutesAgo(fixed ? 0 : 120),
      }),
    ];
    const { user, api } = renderWithApi(<ConnectorsManager />, {
      "connectors.list": rows,
      "connectors.retest": () => ({
        connector: rows()[0]!,
        test: fixed ? buildTestResult() : buildFailedTestResult({ message: "Still no answer." }),
      }),
    });
    const health = await within(await screen.findByRole("listitem", { name: "Docs" })).findByTestId("connector-health");
    expect(health).toHaveTextContent(
      "Failing since 30 min ago: The server did not answer completely within 10 s. Last worked 2 h ago.",
    );
    await user.click(within(health).getByRole("button", { name: "Test again" }));
    await waitFor(() => expect(health).toHaveTextContent("Tested again: Still no answer."));
    expect(api.inputsOf("connectors.retest")).toEqual([{ id: "c1" }]);

    fixed = true;
    await user.click(within(health).getByRole("button", { name: "Test again" }));
    await waitFor(() =>
      expect(within(row("Docs")).getByTestId("connector-health")).toHaveTextContent("Last worked just now"),
    );
  });

  test("a connector whose last use failed says so before it counts as failing", async () => {
    renderWithApi(<ConnectorsManager />, {
      "connectors.list": () => [
        buildConnector({ name: "Docs", lastTestOk: false, lastTestCode: "TIMEOUT", lastTestAt: minutesAgo(5) }),
      ],
    });
    expect(await screen.findByTestId("connector-health")).toHaveTextContent(
      "Last use failed 5 min ago: The server did not answer in time (TIMEOUT).",
    );
  });

  test("a working connector shows when it last worked; its tools open by title", async () => {
    const docsRow = buildConnector({
      name: "Docs",
      lastOkAt: null,
      toolCount: 1,
      tools: [{ name: "search", title: "Search the docs", description: "Full-text search" }],
    });
    const { user } = renderWithApi(<ConnectorsManager />, {
      "connectors.list": () => [docsRow],
      "toolPolicy.list": () => toolSettingsOf(docsRow),
    });
    const docs = within(await screen.findByRole("listitem", { name: "Docs" }));
    expect(docs.getByTestId("connector-health")).toHaveTextContent("Not used yet · demo-server 1.0.0");
    await user.click(docs.getByRole("button", { name: "1 tool" }));
    expect(within(await docs.findByRole("list", { name: "Tools of Docs" })).getByRole("listitem")).toHaveTextContent(
      "Search the docssearchFull-text search",
    );
  });

  test("a disabled connector says the agent leaves it alone", async () => {
    renderWithApi(<ConnectorsManager />, {
      "connectors.list": () => [buildConnector({ name: "Old", enabled: false, status: "disabled" })],
    });
    expect(await screen.findByText(/Disabled: the agent does not use its tools/)).toBeInTheDocument();
  });
});
