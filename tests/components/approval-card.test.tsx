// @vitest-environment happy-dom
import "../support/components/setup";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, test, vi } from "vitest";
import { ApprovalCard, approvalNote } from "@/components/chat/approval-card";
import type { ToolCallOutcome } from "@/lib/schemas/agent";
import { buildOutcome } from "../support/components/builders";

const pending = buildOutcome({
  ok: false,
  tool: "send_report",
  label: "Reports › Send the report",
  source: { kind: "connector", connectorId: "conn_r", connectorName: "Reports" },
  errorCode: "APPROVAL_PENDING",
  approval: { status: "pending" },
});

test("names the connector and the tool, shows the arguments pretty-printed, and answers from the keyboard", async () => {
  const onDecide = vi.fn();
  const input = { to: "boss@example.com", attach: ["q3.pdf"] };
  render(
    <ApprovalCard
      part={{ type: "dynamic-tool", toolCallId: "c1", state: "output-available", input, output: pending }}
      onDecide={onDecide}
      pending={false}
    />,
  );
  const card = screen.getByRole("group", { name: "Allow Send the report?" });
  expect(card).toHaveTextContent("Reports · the agent wants to run this tool");
  expect(within(card).getByTestId("approval-args").textContent).toBe(JSON.stringify(input, null, 2));
  const user = userEvent.setup();
  await user.tab(); // the arguments can be scrolled from the keyboard
  expect(within(card).getByTestId("approval-args")).toHaveFocus();
  await user.tab();
  expect(within(card).getByRole("button", { name: "Deny" })).toHaveFocus();
  await user.keyboard("{Enter}");
  await user.tab();
  await user.keyboard(" ");
  await user.tab();
  await user.keyboard("{Enter}");
  expect(onDecide.mock.calls).toEqual([["deny"], ["conversation"], ["once"]]);
});

test("while a decision is on its way the answers are disabled", () => {
  render(
    <ApprovalCard
      part={{ type: "tool-send", toolCallId: "c1", state: "output-available", output: { ...pending, label: "send" } }}
      onDecide={() => undefined}
      pending
    />,
  );
  expect(screen.getByRole("group", { name: "Allow send?" })).toHaveTextContent("{}");
  for (const b of screen.getAllByRole("button")) expect(b).toBeDisabled();
  expect(screen.getByRole("button", { name: "Running…" })).toBeInTheDocument();
});

test("the outcome of a decision, in words", () => {
  const with_ = (approval: ToolCallOutcome["approval"]) => approvalNote({ ...pending, approval });
  expect(with_({ status: "allowed", scope: "conversation" })).toBe("Allowed for this conversation");
  expect(with_({ status: "allowed", scope: "once" })).toBe("Allowed once");
  expect(with_({ status: "denied" })).toBe("You denied this call");
  expect(with_({ status: "expired" })).toBe("Not run: the approval request expired");
  expect(with_({ status: "pending" })).toBeNull();
  expect(approvalNote(undefined)).toBeNull();
});
