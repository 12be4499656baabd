// @vitest-environment happy-dom
import "../support/components/setup";
import { render, screen, within } from "@testing-library/react";
import { PathnameContext } from "next/dist/shared/lib/hooks-client-context.shared-runtime";
import { expect, test } from "vitest";
import { HydrationMarker } from "@/components/hydration-marker";
import { NavLinks } from "@/components/layout/nav-links";
import { ToolList } from "@/components/connectors/tool-list";

// usePathname reads Next's pathname context: the app router provides it, here the test does.
function renderAt(path: string) {
  return render(
    <PathnameContext.Provider value={path}>
      <NavLinks />
    </PathnameContext.Provider>,
  );
}

test("the main navigation marks the current page", () => {
  renderAt("/dashboard/analytics");
  const nav = within(screen.getByRole("navigation", { name: "Main" }));
  expect(nav.getAllByRole("link").map((a) => [a.textContent, a.getAttribute("href")])).toEqual([
    ["Agent", "/dashboard/schema-agent"],
    ["Connectors", "/dashboard"],
    ["Databases", "/dashboard/databases"],
    ["Analytics", "/dashboard/analytics"],
    ["API", "/dashboard/api"],
  ]);
  expect(nav.getByRole("link", { name: "Analytics" })).toHaveAttribute("aria-current", "page");
  expect(nav.getByRole("link", { name: "Connectors" })).not.toHaveAttribute("aria-current");
});

test("only an exact match is the current page", () => {
  renderAt("/dashboard");
  expect(screen.getByRole("link", { name: "Connectors" })).toHaveAttribute("aria-current", "page");
  expect(screen.getByRole("link", { name: "Agent" })).not.toHaveAttribute("aria-current");
});

test("the page is marked interactive once hydrated", () => {
  delete document.documentElement.dataset.hydrated;
  render(<HydrationMarker />);
  expect(document.documentElement.dataset.hydrated).toBe("true");
});

test("a tool list names each tool by its title, with its name when different, or says it is empty", () => {
  render(
    <ToolList
      label="Titled"
      tools={[
        { name: "docs_1", title: "Search docs" },
        { name: "same", title: "same" },
      ]}
    />,
  );
  const items = within(screen.getByRole("list", { name: "Titled" })).getAllByRole("listitem");
  expect(items.map((li) => li.textContent)).toEqual(["Search docsdocs_1", "same"]);
});

test("a tool list names each tool with its description, or says it is empty", () => {
  const { rerender } = render(
    <ToolList label="Tools" tools={[{ name: "a", description: "Does A" }, { name: "b" }]} empty="None." />,
  );
  const list = screen.getByRole("list", { name: "Tools" });
  expect(
    within(list)
      .getAllByRole("listitem")
      .map((li) => li.textContent),
  ).toEqual(["aDoes A", "b"]);
  rerender(<ToolList label="Tools" tools={[]} empty="None." />);
  expect(within(screen.getByRole("list", { name: "Tools" })).getByRole("listitem")).toHaveTextContent("None.");
});
