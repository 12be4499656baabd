// @vitest-environment happy-dom
import "../support/components/setup";
import { screen, waitFor, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { DatabasesManager } from "@/components/databases/databases-manager";
import { MAX_DATABASES_PER_USER, type DatabaseResponse } from "@/lib/schemas/databases";
import { apiError, type Handlers } from "../support/components/fake-api";
import { buildDatabase } from "../support/components/database-builders";
import { renderWithApi } from "../support/components/render";

const sample = buildDatabase({
  id: "sample",
  name: "Sample shop",
  kind: "sample",
  connection: null,
  editable: false,
  relationCount: 8,
  serverVersion: "PostgreSQL 17 (embedded)",
});

/** A user's databases, changed by the procedures the way the server would. */
function store(initial: DatabaseResponse[]) {
  let rows = initial;
  const handlers: Handlers = {
    "databases.list": () => rows,
    "databases.toggle": ({ id, enabled }) => {
      rows = rows.map((d) => (d.id === id ? { ...d, enabled, status: enabled ? "connected" : "disabled" } : d));
      return rows.find((d) => d.id === id)!;
    },
    "databases.delete": ({ id }) => {
      rows = rows.filter((d) => d.id !== id);
      return { id };
    },
  };
  return handlers;
}

const row = (name: string) => screen.getByRole("listitem", { name });

test("lists the Sample shop and the user's databases with status and address, never a password", async () => {
  renderWithApi(
    <DatabasesManager />,
    store([
      sample,
      buildDatabase(),
      buildDatabase({
        id: "db_2",
        name: "Old warehouse",
        status: "failing",
        lastTestOk: false,
        lastTestCode: "AUTH_FAILED",
        lastTestMessage: "The server refused the user name or password.",
      }),
    ]),
  );
  expect(await screen.findByRole("listitem", { name: "Sample shop" })).toHaveTextContent("Connected");
  expect(row("Sample shop")).toHaveTextContent("8 tables and views · PostgreSQL 17 (embedded)");
  expect(within(row("Sample shop")).queryByRole("button", { name: /Delete|Edit/ })).not.toBeInTheDocument();
  expect(within(row("Sample shop")).getByRole("link", { name: "Browse the schema of Sample shop" })).toHaveAttribute(
    "href",
    "/dashboard/databases/sample",
  );
  expect(row("Shop replica")).toHaveTextContent("reader@db.example.com:5432/shop · TLS require");
  expect(row("Old warehouse")).toHaveTextContent("Failing");
  expect(row("Old warehouse")).toHaveTextContent("The server refused the user name or password. (AUTH_FAILED)");
  expect(screen.getByTestId("database-limit")).toHaveTextContent(
    `You can add up to ${MAX_DATABASES_PER_USER} PostgreSQL databases of your own (2 added so far); the Sample shop does not count.`,
  );
});

test("at the limit, Add is disabled and the text says why", async () => {
  const own = Array.from({ length: MAX_DATABASES_PER_USER }, (_, i) =>
    buildDatabase({ id: `db_${i}`, name: `DB ${i}` }),
  );
  renderWithApi(<DatabasesManager />, store([sample, ...own]));
  await screen.findByRole("listitem", { name: "DB 0" });
  expect(screen.getByRole("button", { name: "Add database" })).toBeDisabled();
  expect(screen.getByRole("button", { name: "Add database" })).toHaveAccessibleDescription(
    `You have ${MAX_DATABASES_PER_USER} databases of your own, the most allowed. Delete one to add another.`,
  );
});

test("disabling, then deleting after confirmation", async () => {
  const { user, api } = renderWithApi(<DatabasesManager />, store([sample, buildDatabase()]));
  await screen.findByRole("listitem", { name: "Shop replica" });
  await user.click(within(row("Shop replica")).getByRole("switch", { name: "Enable Shop replica" }));
  await waitFor(() => expect(row("Shop replica")).toHaveTextContent("Disabled"));
  expect(row("Shop replica")).toHaveTextContent("the agent does not see it");
  expect(within(row("Shop replica")).queryByRole("link", { name: /Browse/ })).not.toBeInTheDocument();

  await user.click(within(row("Shop replica")).getByRole("button", { name: "Delete Shop replica" }));
  const dialog = await screen.findByRole("alertdialog");
  expect(dialog).toHaveTextContent("Delete “Shop replica”?");
  expect(dialog).toHaveTextContent("The database itself is not touched.");
  await user.click(within(dialog).getByRole("button", { name: "Delete Shop replica" }));
  await waitFor(() => expect(screen.queryByRole("listitem", { name: "Shop replica" })).not.toBeInTheDocument());
  expect(api.inputsOf("databases.delete")).toEqual([{ id: "db_1" }]);
});

test("a refused change is shown and the switch goes back", async () => {
  const handlers = store([sample]);
  const { user } = renderWithApi(<DatabasesManager />, {
    ...handlers,
    "databases.toggle": () => {
      throw apiError("NOT_FOUND", "Database not found.");
    },
  });
  await screen.findByRole("listitem", { name: "Sample shop" });
  await user.click(screen.getByRole("switch", { name: "Enable Sample shop" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("Database not found.");
  await waitFor(() => expect(screen.getByRole("switch", { name: "Enable Sample shop" })).toBeChecked());
});

test("Edit opens the form with the saved settings", async () => {
  const { user } = renderWithApi(<DatabasesManager />, store([sample, buildDatabase()]));
  await screen.findByRole("listitem", { name: "Shop replica" });
  await user.click(screen.getByRole("button", { name: "Edit Shop replica" }));
  const form = await screen.findByRole("form", { name: "Edit database" });
  expect(within(form).getByLabelText(/^Host/)).toHaveValue("db.example.com");
});

test("a list that cannot be loaded says why", async () => {
  renderWithApi(<DatabasesManager />, {
    "databases.list": () => {
      throw apiError("INTERNAL", "Something went wrong.");
    },
  });
  expect(await screen.findByRole("alert")).toHaveTextContent("Your databases could not be loaded");
  expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
});

test("a sample being prepared or unavailable says so and cannot be browsed yet", async () => {
  renderWithApi(
    <DatabasesManager />,
    store([
      { ...sample, status: "preparing", statusMessage: "The sample database is being prepared." },
      buildDatabase({ id: "db_2", name: "Gone", status: "unavailable", statusMessage: null }),
      buildDatabase({ id: "db_3", name: "Broken", status: "failing", lastTestAt: null, lastTestMessage: null }),
    ]),
  );
  expect(await screen.findByRole("listitem", { name: "Sample shop" })).toHaveTextContent(
    "The sample database is being prepared.",
  );
  expect(within(row("Sample shop")).getByTestId("database-status")).toHaveTextContent("Preparing");
  expect(within(row("Sample shop")).queryByRole("link", { name: /Browse/ })).not.toBeInTheDocument();
  expect(row("Gone")).toHaveTextContent("Not available on this server.");
  expect(row("Broken")).toHaveTextContent("Failing: the last connection failed");
});

test("adding a database from the list: the form opens, saves after a passing test, and the list shows it", async () => {
  const handlers = store([sample]);
  let rows: DatabaseResponse[] = [sample];
  const { user } = renderWithApi(<DatabasesManager />, {
    ...handlers,
    "databases.list": () => rows,
    "databases.testLive": async function* () {
      await Promise.resolve();
      yield {
        type: "result" as const,
        result: {
          ok: true,
          code: null,
          message: "Connected.",
          steps: [],
          server: null,
          relationCount: 1,
          durationMs: 5,
        },
      };
    },
    "databases.create": (input) => {
      const saved = buildDatabase({ id: "db_new", name: input.name });
      rows = [...rows, saved];
      return saved;
    },
  });
  await user.click(await screen.findByRole("button", { name: "Add database" }));
  const form = await screen.findByRole("form", { name: "Add a database" });
  await user.type(within(form).getByLabelText(/^Name/), "Warehouse");
  await user.type(within(form).getByLabelText(/^Connection URL/), "postgresql://r@db.example.com/w");
  await user.click(within(form).getByRole("button", { name: "Test connection" }));
  await within(form).findByTestId("test-result");
  await user.click(within(form).getByRole("button", { name: "Save" }));
  expect(await screen.findByRole("listitem", { name: "Warehouse" })).toBeInTheDocument();
  await waitFor(() => expect(screen.queryByRole("form", { name: "Add a database" })).not.toBeInTheDocument());
});
