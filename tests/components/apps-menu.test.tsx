// @vitest-environment happy-dom
import "../support/components/setup";
import { screen, waitFor, within } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, test, vi } from "vitest";
import { AppsMenu } from "@/components/apps/apps-menu";
import type { ConnectorResponse } from "@/lib/schemas/connectors";
import type { SystemToolResponse } from "@/lib/schemas/tools";
import type { ToolSelection } from "@/lib/tool-selection";
import { apiError, type Handlers } from "../support/components/fake-api";
import { buildConnector, buildSystemTool } from "../support/components/builders";
import { interceptPopups, postFromPopup } from "../support/components/popup";
import { renderWithApi } from "../support/components/render";

/** The chat's side of the menu: it keeps the selection. */
function Chat({ onSelect, initial = null }: { onSelect: (s: ToolSelection) => void; initial?: ToolSelection | null }) {
  const [selected, setSelected] = useState<ToolSelection | null>(initial);
  return (
    <AppsMenu
      selected={selected}
      onSelect={(s) => {
        setSelected(s);
        onSelect(s);
      }}
    />
  );
}

const gmailConnected = () =>
  buildSystemTool({ id: "gmail", name: "Gmail", state: "connected", account: "ann@example.com" });
const analytics = () =>
  buildSystemTool({
    id: "analytics",
    name: "Analytics",
    connect: "builtin",
    state: "connected",
    description: "Your tool usage.",
    tools: [{ name: "usage_report", title: "Usage report", description: "Report", requiresConfirmation: false }],
  });
const calendar = () =>
  buildSystemTool({ id: "calendar", name: "Calendar", state: "coming_soon", status: "beta", tools: [] });

async function openMenu(handlers: Handlers, initial: ToolSelection | null = null) {
  const onSelect = vi.fn();
  const r = renderWithApi(<Chat onSelect={onSelect} initial={initial} />, {
    "tools.list": () => [gmailConnected(), analytics(), calendar()],
    "connectors.list": () => [],
    ...handlers,
  });
  const button = screen.getByRole("button", { name: "Apps" });
  expect(button).toHaveAttribute("aria-expanded", "false");
  await r.user.click(button);
  expect(button).toHaveAttribute("aria-expanded", "true");
  const panel = within(await screen.findByRole("dialog", { name: "Apps" }));
  return { ...r, onSelect, panel, button };
}

describe("system tools", () => {
  test("are listed with their state", async () => {
    const { panel } = await openMenu({
      "tools.list": () => [
        gmailConnected(),
        buildSystemTool({
          id: "export",
          name: "Export",
          state: "not_configured",
          notConfiguredReason: "An administrator must set EXPORT_DIR.",
        }),
        calendar(),
      ],
    });
    const gmail = within(await panel.findByTestId("app-gmail"));
    expect(gmail.getByTestId("app-state")).toHaveTextContent("Connected");
    expect(gmail.getByText(/Signed in as ann@example.com/)).toBeInTheDocument();
    expect(gmail.getByRole("button", { name: "Disconnect" })).toBeEnabled();

    const exp = within(panel.getByTestId("app-export"));
    expect(exp.getByTestId("app-state")).toHaveTextContent("Not configured");
    expect(exp.getByText("An administrator must set EXPORT_DIR.")).toBeInTheDocument();
    expect(exp.queryByRole("button")).not.toBeInTheDocument();

    // Said once, with nothing to press.
    const calendarRow = panel.getByTestId("app-calendar");
    expect(within(calendarRow).getByTestId("app-state")).toHaveTextContent("Coming soon");
    expect(calendarRow.textContent?.match(/Coming soon/g)).toHaveLength(1);
    expect(within(calendarRow).queryByRole("button")).not.toBeInTheDocument();
  });

  test("picking a tool selects it for the next message and closes the menu", async () => {
    const { panel, user, onSelect, button } = await openMenu({});
    const gmail = within(await panel.findByTestId("app-gmail"));
    await user.click(gmail.getByRole("button", { name: "2 tools" }));
    await user.click(gmail.getByRole("button", { name: /Send email/ }));

    expect(onSelect).toHaveBeenCalledWith({ kind: "system", toolId: "gmail", toolName: "send_email" });
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Apps" })).not.toBeInTheDocument());

    // Opened again, the picked tool shows as selected.
    await user.click(button);
    const again = within(await screen.findByTestId("app-gmail"));
    await user.click(again.getByRole("button", { name: "2 tools" }));
    expect(again.getByRole("button", { name: /Send email/ })).toHaveAttribute("aria-pressed", "true");
    expect(again.getByRole("button", { name: /Search email/ })).toHaveAttribute("aria-pressed", "false");
  });

  test("a tool that needs sign-in connects through a popup", async () => {
    const popups = interceptPopups();
    let state: SystemToolResponse["state"] = "disconnected";
    const { panel, user, api } = await openMenu({
      "tools.list": () => [buildSystemTool({ id: "gmail", name: "Gmail", state })],
      "tools.connect": () => ({ state: "authorize", authorizeUrl: "https://accounts.example.com/o/oauth2/auth" }),
    });
    const gmail = within(await panel.findByTestId("app-gmail"));
    expect(gmail.getByTestId("app-state")).toHaveTextContent("Disconnected");
    await user.click(gmail.getByRole("button", { name: "Connect" }));

    await waitFor(() => expect(popups.opened[0]?.url).toBe("https://accounts.example.com/o/oauth2/auth"));
    expect(api.inputsOf("tools.connect")).toEqual([{ toolId: "gmail" }]);
    expect(gmail.getByRole("button", { name: "Waiting for sign-in…" })).toBeDisabled();

    // Another window's message, or a connector's, does not end the wait.
    await postFromPopup({ type: "connectors:oauth", toolId: "gmail", ok: true }, "https://evil.example.com");
    await postFromPopup({ type: "connectors:oauth", kind: "connector", attemptId: "x", ok: true });
    expect(gmail.getByRole("button", { name: "Waiting for sign-in…" })).toBeInTheDocument();

    state = "connected";
    await postFromPopup({ type: "connectors:oauth", toolId: "gmail", ok: true, message: "Connected." });
    await waitFor(() => expect(gmail.getByTestId("app-state")).toHaveTextContent("Connected"));
    // A success is shown by the state, never as an error.
    expect(gmail.queryByRole("alert")).not.toBeInTheDocument();
  });

  test("a failed sign-in shows the callback's message", async () => {
    const popups = interceptPopups();
    const { panel, user } = await openMenu({
      "tools.list": () => [buildSystemTool({ id: "gmail", name: "Gmail", state: "disconnected" })],
      "tools.connect": () => ({ state: "authorize", authorizeUrl: "https://accounts.example.com/auth" }),
    });
    const gmail = within(await panel.findByTestId("app-gmail"));
    await user.click(gmail.getByRole("button", { name: "Connect" }));
    await waitFor(() => expect(popups.opened).toHaveLength(1));
    await postFromPopup({ type: "connectors:oauth", toolId: "gmail", ok: false, message: "Access was denied." });

    expect(await gmail.findByRole("alert")).toHaveTextContent("Access was denied.");
    expect(gmail.getByRole("button", { name: "Connect" })).toBeEnabled();
  });

  test("a blocked popup says so", async () => {
    interceptPopups({ blocked: true });
    const { panel, user } = await openMenu({
      "tools.list": () => [buildSystemTool({ id: "gmail", name: "Gmail", state: "disconnected" })],
      "tools.connect": () => ({ state: "authorize", authorizeUrl: "https://accounts.example.com/auth" }),
    });
    const gmail = within(await panel.findByTestId("app-gmail"));
    await user.click(gmail.getByRole("button", { name: "Connect" }));
    expect(await gmail.findByRole("alert")).toHaveTextContent("Your browser blocked the sign-in window.");
  });

  test("closing the sign-in window is not an error", async () => {
    const popups = interceptPopups();
    const { panel, user } = await openMenu({
      "tools.list": () => [buildSystemTool({ id: "gmail", name: "Gmail", state: "disconnected" })],
      "tools.connect": () => ({ state: "authorize", authorizeUrl: "https://accounts.example.com/auth" }),
    });
    const gmail = within(await panel.findByTestId("app-gmail"));
    await user.click(gmail.getByRole("button", { name: "Connect" }));
    await waitFor(() => expect(popups.opened).toHaveLength(1));
    popups.last().close();
    await waitFor(() => expect(gmail.getByRole("button", { name: "Connect" })).toBeEnabled(), { timeout: 3_000 });
    expect(gmail.queryByRole("alert")).not.toBeInTheDocument();
  });

  test("built-in tools are always on: nothing to connect, their tools ready to pick", async () => {
    const { panel, user, onSelect } = await openMenu({});
    const row = within(await panel.findByTestId("app-analytics"));
    expect(row.getByTestId("app-state")).toHaveTextContent("Built in");
    expect(row.queryByRole("button", { name: /Connect|Disconnect/ })).not.toBeInTheDocument();
    await user.click(row.getByRole("button", { name: "1 tool" }));
    await user.click(row.getByRole("button", { name: /Usage report/ }));
    expect(onSelect).toHaveBeenCalledWith({ kind: "system", toolId: "analytics", toolName: "usage_report" });
  });

  test("a built-in tool turned off says Off and turns on again in one click", async () => {
    let state: SystemToolResponse["state"] = "disconnected";
    const { panel, user, api } = await openMenu({
      "tools.list": () => [{ ...analytics(), state }],
      "tools.connect": () => {
        state = "connected";
        return { state: "connected" };
      },
      "tools.disconnect": () => {
        state = "disconnected";
        return { state };
      },
    });
    const row = within(await panel.findByTestId("app-analytics"));
    expect(row.getByTestId("app-state")).toHaveTextContent("Off");
    await user.click(row.getByRole("button", { name: "Turn on" }));
    await waitFor(() => expect(row.getByTestId("app-state")).toHaveTextContent("Built in"));
    await user.click(row.getByRole("button", { name: "Turn off" }));
    await waitFor(() => expect(row.getByTestId("app-state")).toHaveTextContent("Off"));
    expect(api.inputsOf("tools.connect")).toEqual([{ toolId: "analytics" }]);
    expect(api.inputsOf("tools.disconnect")).toEqual([{ toolId: "analytics" }]);
  });

  test("a refused connect is reported", async () => {
    const { panel, user } = await openMenu({
      "tools.list": () => [buildSystemTool({ id: "gmail", name: "Gmail", state: "disconnected" })],
      "tools.connect": () => {
        throw apiError("TOOL_NOT_CONFIGURED", "gmail is not configured.");
      },
    });
    const gmail = within(await panel.findByTestId("app-gmail"));
    await user.click(gmail.getByRole("button", { name: "Connect" }));
    expect(await gmail.findByRole("alert")).toHaveTextContent("gmail is not configured.");
  });

  test("Disconnect disconnects that tool", async () => {
    let state: SystemToolResponse["state"] = "connected";
    const { panel, user, api } = await openMenu({
      "tools.list": () => [buildSystemTool({ id: "gmail", name: "Gmail", state })],
      "tools.disconnect": () => {
        state = "disconnected";
        return { state };
      },
    });
    const gmail = within(await panel.findByTestId("app-gmail"));
    await user.click(gmail.getByRole("button", { name: "Disconnect" }));
    // It asks first; Cancel changes nothing.
    let confirm = screen.getByRole("alertdialog", { name: "Disconnect Gmail?" });
    await user.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(api.inputsOf("tools.disconnect")).toEqual([]);

    await user.click(gmail.getByRole("button", { name: "Disconnect" }));
    confirm = screen.getByRole("alertdialog", { name: "Disconnect Gmail?" });
    await user.click(within(confirm).getByRole("button", { name: "Disconnect" }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());
    expect(gmail.getByTestId("app-state")).toHaveTextContent("Disconnected");
    expect(api.inputsOf("tools.disconnect")).toEqual([{ toolId: "gmail" }]);
  });

  test("a list that cannot load says so", async () => {
    const { panel } = await openMenu({
      "tools.list": () => {
        throw apiError("INTERNAL", "Something went wrong on our side.");
      },
      "connectors.list": () => {
        throw apiError("INTERNAL", "Database unavailable.");
      },
    });
    expect(await panel.findByText("Could not load system tools: Something went wrong on our side.")).toHaveRole(
      "alert",
    );
    expect(await panel.findByText("Could not load your connectors: Database unavailable.")).toHaveRole("alert");
  });
});

describe("connectors", () => {
  const connectors = (): ConnectorResponse[] => [
    buildConnector({
      id: "c_dict",
      name: "Dictionary",
      toolCount: 2,
      tools: [{ name: "lookup", title: "Look up" }, { name: "define" }],
      oauth: {
        issuer: "https://auth.example.com",
        account: "ann@example.com",
        scopes: [],
        clientId: null,
        needsSignIn: false,
        reason: null,
      },
    }),
    buildConnector({
      id: "c_slow",
      name: "Slow",
      status: "failing",
      lastTestCode: "TIMEOUT",
      lastTestAt: new Date(Date.now() - 3 * 3600_000),
    }),
    buildConnector({ id: "c_notes", name: "Notes", status: "needs_sign_in" }),
    buildConnector({ id: "c_off", name: "Off", enabled: false, status: "disabled", tools: [{ name: "noop" }] }),
  ];

  test("count their tools in words: 1 tool, 2 tools", async () => {
    const { panel } = await openMenu({
      "connectors.list": () => [
        buildConnector({ id: "a", name: "One", toolCount: 1, tools: [{ name: "only" }] }),
        buildConnector({ id: "b", name: "Two", toolCount: 2, tools: [{ name: "x" }, { name: "y" }] }),
      ],
    });
    const rows = await panel.findAllByTestId("app-connector");
    expect(rows[0]).toHaveTextContent(/ 1 tool(?!s)/);
    expect(rows[1]).toHaveTextContent(/ 2 tools/);
  });

  test("are listed with their status", async () => {
    const { panel } = await openMenu({ "connectors.list": connectors });
    const rows = await panel.findAllByTestId("app-connector");
    expect(rows.map((r) => within(r).getByTestId("app-state").textContent)).toEqual([
      "Connected",
      "Failing",
      "Needs sign-in",
      "Disabled",
    ]);
    expect(
      within(panel.getByRole("listitem", { name: "Dictionary" })).getByText(/ann@example\.com/),
    ).toBeInTheDocument();
    expect(
      within(panel.getByRole("listitem", { name: "Slow" })).getByText(/The server did not answer in time \(TIMEOUT\)/),
    ).toBeInTheDocument();
    expect(
      within(panel.getByRole("listitem", { name: "Notes" })).getByText(/sign in again in Connectors/),
    ).toBeInTheDocument();
    // The failing connector is also called out at the top, with a way to test it again.
    expect(panel.getByTestId("failing-banner")).toHaveTextContent("Slow keeps failing");
  });

  test("picking a connector's tool selects it", async () => {
    const { panel, user, onSelect } = await openMenu({ "connectors.list": connectors });
    const dict = within(await panel.findByRole("listitem", { name: "Dictionary" }));
    const toggle = dict.getByRole("button", { name: "Tools of Dictionary" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    expect(dict.getByRole("button", { name: /define/ })).toHaveAttribute("aria-pressed", "false");
    await user.click(dict.getByRole("button", { name: /Look up/ }));

    expect(onSelect).toHaveBeenCalledWith({ kind: "connector", connectorId: "c_dict", toolName: "lookup" });
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Apps" })).not.toBeInTheDocument());
  });

  test("the selected tool is marked", async () => {
    const { panel, user } = await openMenu(
      { "connectors.list": connectors },
      {
        kind: "connector",
        connectorId: "c_dict",
        toolName: "define",
      },
    );
    const dict = within(await panel.findByRole("listitem", { name: "Dictionary" }));
    await user.click(dict.getByRole("button", { name: "Tools of Dictionary" }));
    expect(dict.getByRole("button", { name: /define/ })).toHaveAttribute("aria-pressed", "true");
    expect(dict.getByRole("button", { name: /Look up/ })).toHaveAttribute("aria-pressed", "false");
  });

  test("a disabled connector's tools cannot be picked", async () => {
    const { panel, user } = await openMenu({ "connectors.list": connectors });
    const off = within(await panel.findByRole("listitem", { name: "Off" }));
    await user.click(off.getByRole("button", { name: "Tools of Off" }));
    expect(off.getByRole("button", { name: /noop/ })).toBeDisabled();
  });

  test("without connectors the menu says how to add one", async () => {
    const { panel } = await openMenu({});
    expect(await panel.findByText(/No connectors yet\. Use “Manage connectors”/)).toBeInTheDocument();
  });

  test("Manage connectors opens the connector manager in a dialog", async () => {
    const { panel, user } = await openMenu({ "connectors.list": connectors });
    await user.click(panel.getByRole("button", { name: "Manage connectors" }));
    const dialog = screen.getByRole("dialog", { name: "Manage connectors" });
    expect(await within(dialog).findByRole("list", { name: "Connectors" })).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Done" }));
    expect(within(dialog).queryByRole("list", { name: "Connectors" })).not.toBeInTheDocument();
  });
});
