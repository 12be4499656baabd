// @vitest-environment happy-dom
import "../support/components/setup";
import { render, screen } from "@testing-library/react";
import { expect, test } from "vitest";
import { Markdown } from "@/components/ui/markdown";

// A long SQL line in an answer scrolls sideways inside its block: keyboard users must be
// able to reach it to scroll it (axe: scrollable-region-focusable).
test("code blocks and tables that scroll sideways can be reached from the keyboard", () => {
  const { container } = render(
    <Markdown>
      {
        "```sql\nSELECT status, count(*) AS orders FROM shop.orders GROUP BY status\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |"
      }
    </Markdown>,
  );
  expect(container.querySelector("pre")).toHaveAttribute("tabindex", "0");
  expect(screen.getByRole("region", { name: "Table (scrolls sideways)" })).toHaveAttribute("tabindex", "0");
});
