// @vitest-environment happy-dom
import "../support/components/setup";
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, test } from "vitest";
import { diffLines } from "@/components/connectors/definition-diff";
import { ToolSettingsList } from "@/components/connectors/tool-settings";
import type { ToolReview, ToolSettingView } from "@/lib/schemas/tool-policy";
import { apiError } from "../support/components/fake-api";
import { renderWithApi } from "../support/components/render";

const CONNECTOR = "conn_reports";
const send: ToolSettingView = {
  name: "send_report",
  title: "Send the report",
  description: "Sends it",
  enabled: true,
  policy: "ask",
  changed: false,
};
const read: ToolSettingView = { name: "read_report", enabled: true, policy: "always", changed: true };
const review: ToolReview = {
  toolName: "read_report",
  label: "Reports › read_report",
  pinned: { description: "Reads the report", inputSchema: { type: "object" }, annotations: { readOnlyHint: true } },
  current: {
    description: "Reads the report and mails it",
    inputSchema: { type: "object" },
    annotations: { readOnlyHint: true },
  },
  currentHash: "a".repeat(64),
};

function renderList(handlers: Parameters<typeof renderWithApi>[1] = {}) {
  let tools = [send, read];
  return renderWithApi(<ToolSettingsList connectorId={CONNECTOR} connectorName="Reports" />, {
    "toolPolicy.list": () => tools,
    "toolPolicy.update": ({ tool, enabled, policy }) => {
      tools = tools.map((t) =>
        t.name === tool.toolName
          ? { ...t, ...(enabled !== undefined ? { enabled } : {}), ...(policy ? { policy } : {}) }
          : t,
      );
      const t = tools.find((x) => x.name === tool.toolName)!;
      return { enabled: t.enabled, policy: t.policy };
    },
    "toolPolicy.review": () => review,
    "toolPolicy.accept": () => {
      tools = tools.map((t) => (t.name === "read_report" ? { ...t, changed: false } : t));
      return { accepted: true as const };
    },
    ...handlers,
  });
}

describe("a connector's tools", () => {
  test("each has a labelled switch and approval policy that save as they change", async () => {
    const { user, api } = renderList();
    const row = within(await screen.findByRole("listitem", { name: "Send the report" }));
    const policy = row.getByRole("combobox", { name: "Approval for Send the report" });
    expect(policy).toHaveValue("ask");
    expect(
      within(policy)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(["Always allow", "Ask each time", "Never"]);
    await user.selectOptions(policy, "never");
    await waitFor(() => expect(policy).toHaveValue("never"));
    expect(api.inputsOf("toolPolicy.update")).toEqual([
      { tool: { kind: "connector", connectorId: CONNECTOR, toolName: "send_report" }, policy: "never" },
    ]);

    const toggle = row.getByRole("switch", { name: "Use Send the report" });
    toggle.focus();
    await user.keyboard(" ");
    await waitFor(() => expect(toggle).not.toBeChecked());
    expect(api.inputsOf("toolPolicy.update").at(-1)).toEqual({
      tool: { kind: "connector", connectorId: CONNECTOR, toolName: "send_report" },
      enabled: false,
    });
    // A tool that is off has no policy to choose.
    await waitFor(() => expect(policy).toBeDisabled());
  });

  test("a refused change is shown next to the tool", async () => {
    const { user } = renderList({
      "toolPolicy.update": () => {
        throw apiError("NOT_FOUND", "Reports does not offer a tool named send_report.");
      },
    });
    const row = within(await screen.findByRole("listitem", { name: "Send the report" }));
    await user.selectOptions(row.getByRole("combobox", { name: "Approval for Send the report" }), "always");
    expect(await row.findByRole("alert")).toHaveTextContent("does not offer a tool named send_report");
  });

  test("a changed tool is marked; its review shows both definitions with the change highlighted; accepting clears it", async () => {
    const { user, api } = renderList();
    const row = within(await screen.findByRole("listitem", { name: "read_report" }));
    expect(row.getByTestId("tool-changed")).toHaveTextContent("Changed — review");
    await user.click(row.getByRole("button", { name: "Review the change to read_report" }));

    const dialog = within(await screen.findByRole("dialog", { name: "Review Reports › read_report" }));
    const before = await dialog.findByTestId("definition-before");
    const after = dialog.getByTestId("definition-after");
    expect(before.querySelector('[data-change="removed"]')).toHaveTextContent('"description": "Reads the report",');
    expect(after.querySelector('[data-change="added"]')).toHaveTextContent(
      '"description": "Reads the report and mails it",',
    );
    expect(before).toHaveAttribute("tabindex", "0");

    await user.click(dialog.getByRole("button", { name: "Accept the change" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(api.inputsOf("toolPolicy.accept")).toEqual([
      { connectorId: CONNECTOR, toolName: "read_report", hash: review.currentHash },
    ]);
    await waitFor(() => expect(screen.queryByTestId("tool-changed")).not.toBeInTheDocument());
  });

  test("a tool that changed again while reviewed is not accepted, and says so", async () => {
    const { user } = renderList({
      "toolPolicy.accept": () => {
        throw apiError("TOOL_CHANGED", "The tool changed again since you opened the review.");
      },
    });
    await user.click(await screen.findByRole("button", { name: "Review the change to read_report" }));
    const dialog = within(await screen.findByRole("dialog"));
    await dialog.findByTestId("definition-before");
    await user.click(dialog.getByRole("button", { name: "Accept the change" }));
    expect(await dialog.findByRole("alert")).toHaveTextContent("changed again");
    await user.click(dialog.getByRole("button", { name: "Keep it held back" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(screen.getByTestId("tool-changed")).toBeInTheDocument();
  });
});

test("the line diff keeps common lines and marks what was removed and added", () => {
  const d = diffLines("a\nb\nc", "a\nx\nc\nd");
  expect(d.before.map((l) => l.kind)).toEqual(["same", "removed", "same"]);
  expect(d.after.map((l) => [l.text, l.kind])).toEqual([
    ["a", "same"],
    ["x", "added"],
    ["c", "same"],
    ["d", "added"],
  ]);
});
