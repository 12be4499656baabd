// @vitest-environment happy-dom
import "../support/components/setup";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, test, vi } from "vitest";
import { SchemaForm } from "@/components/chat/schema-form";
import { choose } from "../support/components/select";

const schema = {
  type: "object",
  properties: {
    query: { type: "string", title: "Search for", description: "Words to look for" },
    limit: { type: "integer" },
    ratio: { type: ["number", "null"] },
    folder: { type: "string", enum: ["inbox", "sent", "archive"] },
    unread: { type: "boolean", title: "Unread only" },
    filters: { type: "object" },
  },
  required: ["query", "limit"],
};

function renderForm(s: Record<string, unknown> = schema, pending = false) {
  const onSubmit = vi.fn<(args: Record<string, unknown>) => void>();
  const user = userEvent.setup();
  const r = render(<SchemaForm schema={s} onSubmit={onSubmit} pending={pending} submitLabel="Run tool" />);
  return { ...r, user, onSubmit };
}

test("generates a field per property, marking the required ones", () => {
  renderForm();
  expect(screen.getByRole("textbox", { name: /^Search for \*/ })).toBeInTheDocument();
  expect(screen.getByText("Words to look for")).toBeInTheDocument();
  expect(screen.getByRole("textbox", { name: /^limit \*/ })).toBeInTheDocument();
  expect(screen.getByRole("textbox", { name: /^ratio/ })).not.toHaveAccessibleName(/\*/);
  expect(screen.getByRole("combobox", { name: /^folder/ })).toBeInTheDocument();
  expect(screen.getByRole("checkbox", { name: /Unread only/ })).not.toBeChecked();
  expect(screen.getByRole("textbox", { name: /^filters/ })).toBeInTheDocument();
});

test("an enum offers exactly its values", () => {
  renderForm();
  const options = screen.getAllByRole("option").map((o) => o.textContent);
  expect(options).toEqual(["Choose…", "inbox", "sent", "archive"]);
});

test("submitting gives typed arguments", async () => {
  const { user, onSubmit } = renderForm();
  await user.type(screen.getByRole("textbox", { name: /^Search for/ }), "invoices");
  await user.type(screen.getByRole("textbox", { name: /^limit/ }), "20");
  await user.type(screen.getByRole("textbox", { name: /^ratio/ }), "0.5");
  await choose(user, screen.getByRole("combobox", { name: /^folder/ }), "sent");
  await user.click(screen.getByRole("checkbox", { name: /Unread only/ }));
  await user.click(screen.getByRole("textbox", { name: /^filters/ }));
  await user.paste('{"from":"ann@example.com"}');
  await user.click(screen.getByRole("button", { name: "Run tool" }));

  expect(onSubmit).toHaveBeenCalledTimes(1);
  expect(onSubmit).toHaveBeenCalledWith({
    query: "invoices",
    limit: 20,
    ratio: 0.5,
    folder: "sent",
    unread: true,
    filters: { from: "ann@example.com" },
  });
});

test("empty optional fields are left out; booleans are always sent", async () => {
  const { user, onSubmit } = renderForm();
  await user.type(screen.getByRole("textbox", { name: /^Search for/ }), "x");
  await user.type(screen.getByRole("textbox", { name: /^limit/ }), "1");
  await user.click(screen.getByRole("button", { name: "Run tool" }));
  expect(onSubmit).toHaveBeenCalledWith({ query: "x", limit: 1, unread: false });
});

test("missing required values and wrong numbers are reported, and nothing is submitted", async () => {
  const { user, onSubmit } = renderForm();
  await user.type(screen.getByRole("textbox", { name: /^ratio/ }), "abc");
  await user.click(screen.getByRole("textbox", { name: /^filters/ }));
  await user.paste("{not json");
  await user.click(screen.getByRole("button", { name: "Run tool" }));

  expect(screen.getAllByText("Required")).toHaveLength(2);
  expect(screen.getByRole("textbox", { name: /^Search for/ })).toHaveAttribute("aria-invalid", "true");
  expect(screen.getByText("Enter a number")).toBeInTheDocument();
  expect(screen.getByText("Enter valid JSON")).toBeInTheDocument();
  expect(onSubmit).not.toHaveBeenCalled();

  await user.type(screen.getByRole("textbox", { name: /^Search for/ }), "q");
  await user.type(screen.getByRole("textbox", { name: /^limit/ }), "2.5");
  await user.click(screen.getByRole("button", { name: "Run tool" }));
  expect(screen.getByText("Enter a whole number")).toBeInTheDocument();
  expect(screen.queryAllByText("Required")).toHaveLength(0);
  expect(onSubmit).not.toHaveBeenCalled();
});

test("defaults fill the fields", async () => {
  const { user, onSubmit } = renderForm({
    type: "object",
    properties: {
      city: { type: "string", default: "Paris" },
      days: { type: "integer", default: 3 },
      metric: { type: "boolean", default: true },
      opts: { type: "object", default: { a: 1 } },
    },
  });
  expect(screen.getByRole("textbox", { name: /^city/ })).toHaveValue("Paris");
  expect(screen.getByRole("textbox", { name: /^days/ })).toHaveValue("3");
  expect(screen.getByRole("checkbox", { name: /metric/ })).toBeChecked();
  await user.click(screen.getByRole("button", { name: "Run tool" }));
  expect(onSubmit).toHaveBeenCalledWith({ city: "Paris", days: 3, metric: true, opts: { a: 1 } });
});

test("a tool without input says so and submits no arguments", async () => {
  const { user, onSubmit } = renderForm({ type: "object" });
  expect(screen.getByText("This tool takes no input.")).toBeInTheDocument();
  await user.click(screen.getByRole("button", { name: "Run tool" }));
  expect(onSubmit).toHaveBeenCalledWith({});
});

test("while the tool runs the button says so and cannot be pressed again", () => {
  renderForm(schema, true);
  expect(screen.getByRole("button", { name: "Running…" })).toBeDisabled();
});
