// @vitest-environment happy-dom
// The design system's primitives, by what a person (or a screen reader) gets from them.
import "../support/components/setup";
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { expect, test, vi } from "vitest";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { Checkbox, Field, Input } from "@/components/ui/field";
import { Markdown } from "@/components/ui/markdown";
import { RelativeTime } from "@/components/ui/relative-time";
import { ElapsedTime } from "@/components/ui/spinner";
import { Switch } from "@/components/ui/switch";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Toaster, useToast } from "@/components/ui/toast";
import { Tooltip, TooltipProvider } from "@/components/ui/tooltip";

test("Markdown renders lists, tables and code; links are safe to follow", async () => {
  // userEvent brings its own clipboard; watch what is written to it.
  const user = userEvent.setup();
  const writeText = vi.spyOn(navigator.clipboard, "writeText");
  render(
    <Markdown>
      {[
        "Steps:",
        "",
        "- one",
        "- two",
        "",
        "| a | b |",
        "| - | - |",
        "| 1 | 2 |",
        "",
        "See [the docs](https://example.com/docs), [your file](/api/export/results/r1?format=csv) or [home](/dashboard).",
        "",
        "```",
        "npm start",
        "```",
        "",
        "<script>alert(1)</script>",
        "",
        '[bad](javascript:alert(1)) ![chart](/chart.png "c")',
      ].join("\n")}
    </Markdown>,
  );
  expect(screen.getAllByRole("listitem").map((li) => li.textContent)).toEqual(["one", "two"]);
  expect(screen.getByRole("table")).toHaveTextContent("ab12");
  const docs = screen.getByRole("link", { name: "the docs (opens in a new tab)" });
  expect(docs).toHaveAttribute("target", "_blank");
  expect(docs).toHaveAttribute("rel", "noopener noreferrer");
  const file = screen.getByRole("link", { name: "your file" });
  expect(file).toHaveAttribute("download");
  expect(file).not.toHaveAttribute("target");
  expect(screen.getByRole("link", { name: "home" })).not.toHaveAttribute("download");
  // Sanitised: no script element, no script URL.
  expect(document.querySelector("script")).toBeNull();
  expect(screen.queryByRole("link", { name: /bad/ })?.getAttribute("href") ?? "").not.toMatch(/javascript/);
  expect(screen.getByRole("img", { name: "chart" })).toHaveAttribute("src", "/chart.png");

  await user.click(screen.getByRole("button", { name: "Copy code" }));
  expect(writeText).toHaveBeenCalledWith("npm start");
  expect(await screen.findByRole("button", { name: "Copied" })).toBeInTheDocument();
});

test("CopyButton says when copying failed", async () => {
  const user = userEvent.setup();
  vi.spyOn(navigator.clipboard, "writeText").mockRejectedValue(new Error("denied"));
  render(<CopyButton text="x" />);
  await user.click(screen.getByRole("button", { name: "Copy" }));
  expect(await screen.findByRole("button", { name: "Copy failed" })).toBeInTheDocument();
});

test("Field ties its label, hint and error to the control", () => {
  render(
    <Field label="Email" hint="We never share it." error="Enter a valid email">
      {(c) => <Input {...c} />}
    </Field>,
  );
  const input = screen.getByLabelText("Email");
  expect(input).toHaveAttribute("aria-invalid", "true");
  expect(input).toHaveAccessibleDescription("We never share it. Enter a valid email");
  render(<Checkbox label="Send a copy" defaultChecked />);
  expect(screen.getByRole("checkbox", { name: "Send a copy" })).toBeChecked();
});

test("Switch is a named switch that Space toggles, with its state in words", async () => {
  function Demo() {
    const [on, setOn] = useState(false);
    return <Switch checked={on} onCheckedChange={setOn} label="Enable Docs" />;
  }
  const user = userEvent.setup();
  render(<Demo />);
  const sw = screen.getByRole("switch", { name: "Enable Docs" });
  expect(sw).not.toBeChecked();
  expect(screen.getByText("Off")).toBeInTheDocument();
  sw.focus();
  await user.keyboard(" ");
  expect(sw).toBeChecked();
  expect(screen.getByText("On")).toBeInTheDocument();
});

test("Tabs switch panels with the arrow keys", async () => {
  const user = userEvent.setup();
  render(
    <Tabs defaultValue="in">
      <TabsList label="Schemas">
        <TabsTrigger value="in">Input</TabsTrigger>
        <TabsTrigger value="out">Output</TabsTrigger>
      </TabsList>
      <TabsContent value="in">input schema</TabsContent>
      <TabsContent value="out">output schema</TabsContent>
    </Tabs>,
  );
  expect(screen.getByRole("tablist", { name: "Schemas" })).toBeInTheDocument();
  expect(screen.getByRole("tabpanel")).toHaveTextContent("input schema");
  screen.getByRole("tab", { name: "Input" }).focus();
  await user.keyboard("{ArrowRight}");
  expect(screen.getByRole("tab", { name: "Output" })).toHaveAttribute("aria-selected", "true");
  expect(screen.getByRole("tabpanel")).toHaveTextContent("output schema");
});

test("ConfirmDialog starts on Cancel, stays open while working and shows its error inside", async () => {
  const onConfirm = vi.fn();
  const onOpenChange = vi.fn();
  const { rerender } = render(
    <ConfirmDialog
      open
      onOpenChange={onOpenChange}
      title="Delete “Docs”?"
      description="This cannot be undone."
      confirmLabel="Delete Docs"
      pendingLabel="Deleting…"
      onConfirm={onConfirm}
    />,
  );
  const dialog = screen.getByRole("alertdialog", { name: "Delete “Docs”?" });
  expect(dialog).toHaveAccessibleDescription("This cannot be undone.");
  await waitFor(() => expect(within(dialog).getByRole("button", { name: "Cancel" })).toHaveFocus());
  await userEvent.setup().click(within(dialog).getByRole("button", { name: "Delete Docs" }));
  expect(onConfirm).toHaveBeenCalledTimes(1);
  rerender(
    <ConfirmDialog
      open
      onOpenChange={onOpenChange}
      title="Delete “Docs”?"
      description="This cannot be undone."
      confirmLabel="Delete Docs"
      pendingLabel="Deleting…"
      onConfirm={onConfirm}
      pending
      error="Database unavailable."
    />,
  );
  expect(within(dialog).getByRole("button", { name: "Deleting…" })).toBeDisabled();
  expect(within(dialog).getByRole("alert")).toHaveTextContent("Database unavailable.");
});

test("DropdownMenu opens from its trigger and runs the chosen item", async () => {
  const onSelect = vi.fn();
  const user = userEvent.setup();
  render(
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button>Actions</Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent label="Docs">
        <DropdownMenuItem onSelect={() => undefined}>Edit</DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuItem danger onSelect={onSelect}>
          Delete
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>,
  );
  await user.click(screen.getByRole("button", { name: "Actions" }));
  const menu = await screen.findByRole("menu");
  await user.click(within(menu).getByRole("menuitem", { name: "Delete" }));
  expect(onSelect).toHaveBeenCalledTimes(1);
  await waitFor(() => expect(screen.queryByRole("menu")).not.toBeInTheDocument());
});

test("a toast is announced, offers its action and can be dismissed", async () => {
  const undo = vi.fn();
  function Demo() {
    const toast = useToast();
    return (
      <Button
        onClick={() =>
          toast({
            title: "Docs deleted",
            description: "Its tools are gone.",
            tone: "ok",
            action: { label: "Undo", altText: "Undo deleting Docs", onClick: undo },
          })
        }
      >
        Delete
      </Button>
    );
  }
  const user = userEvent.setup();
  render(
    <Toaster>
      <Demo />
    </Toaster>,
  );
  await user.click(screen.getByRole("button", { name: "Delete" }));
  const toast = await screen.findByText("Docs deleted");
  expect(toast.closest("li")).toHaveTextContent("Its tools are gone.");
  await user.click(screen.getByRole("button", { name: "Undo" }));
  expect(undo).toHaveBeenCalledTimes(1);
  await user.click(screen.getByRole("button", { name: "Delete" }));
  await user.click((await screen.findAllByRole("button", { name: "Dismiss" }))[0]!);
  // Without a Toaster, asking for a toast is harmless.
  render(<Demo />);
});

test("a tooltip adds a hint on keyboard focus", async () => {
  const user = userEvent.setup();
  render(
    <TooltipProvider delayDuration={0}>
      <Tooltip content="Copies the code">
        <Button>Copy</Button>
      </Tooltip>
    </TooltipProvider>,
  );
  await user.tab();
  expect(await screen.findByRole("tooltip")).toHaveTextContent("Copies the code");
});

test("ElapsedTime counts while running and disappears after", async () => {
  vi.useFakeTimers();
  const { rerender } = render(<ElapsedTime running />);
  expect(screen.getByTestId("elapsed")).toHaveTextContent("0.0 s");
  await act(() => vi.advanceTimersByTimeAsync(2_300));
  expect(screen.getByTestId("elapsed")).toHaveTextContent("2.3 s");
  rerender(<ElapsedTime running={false} />);
  expect(screen.queryByTestId("elapsed")).not.toBeInTheDocument();
});

test("Badge, EmptyState and RelativeTime say what they show in text", () => {
  render(
    <>
      <Badge tone="ok" dot>
        Connected
      </Badge>
      <EmptyState title="No connectors yet." action={<Button>Add</Button>}>
        Add your own.
      </EmptyState>
      <RelativeTime date={new Date(Date.now() - 5 * 60_000)} />
    </>,
  );
  expect(screen.getByText("Connected")).toBeInTheDocument();
  expect(screen.getByText("No connectors yet.")).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Add" })).toBeInTheDocument();
  expect(screen.getByText("5 min ago").tagName).toBe("TIME");
});
