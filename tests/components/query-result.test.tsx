// @vitest-environment happy-dom
import "../support/components/setup";
import { render, screen, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { ToolCard, type ToolPart } from "@/components/chat/tool-card";
import { isQueryResult, QueryResult } from "@/components/databases/query-result";
import type { QueryResultContent } from "@/lib/schemas/database-schema";
import { buildOutcome } from "../support/components/builders";

const result = (overrides: Partial<QueryResultContent> = {}): QueryResultContent => ({
  database: { id: "sample", name: "Sample shop" },
  sql: "SELECT name, country, credit FROM shop.customers ORDER BY name LIMIT 2",
  columns: [
    { name: "name", type: "text" },
    { name: "country", type: "character(2)" },
    { name: "credit", type: "numeric(10,2)" },
  ],
  rows: [
    ["Ada Lovelace", "GB", "12.50"],
    ["Grace Hopper", null, { note: "vip" }],
  ],
  rowCount: 2,
  truncated: false,
  rowLimit: 500,
  durationMs: 7.4,
  export: { id: "exp1", links: { json: "/api/export/exp1?format=json", csv: "/api/export/exp1?format=csv" } },
  ...overrides,
});

test("the rows are a table headed by the column names and types, under the SQL that ran", () => {
  render(<QueryResult result={result()} />);
  expect(screen.getByTestId("query-sql")).toHaveTextContent(
    "SELECT name, country, credit FROM shop.customers ORDER BY name LIMIT 2",
  );
  expect(screen.getByText("SQL that ran on Sample shop")).toBeInTheDocument();
  const table = screen.getByRole("table");
  const headers = within(table)
    .getAllByRole("columnheader")
    .map((h) => h.textContent);
  expect(headers).toEqual(["nametext", "countrycharacter(2)", "creditnumeric(10,2)"]);
  const rows = within(table).getAllByRole("row").slice(1);
  expect(
    rows.map((r) =>
      within(r)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ),
  ).toEqual([
    ["Ada Lovelace", "GB", "12.50"],
    ["Grace Hopper", "NULL", '{"note":"vip"}'],
  ]);
  expect(screen.getByTestId("query-row-count")).toHaveTextContent("2 rows · 7 ms");
  expect(screen.getByRole("link", { name: "Download CSV" })).toHaveAttribute("href", "/api/export/exp1?format=csv");
  expect(screen.getByRole("link", { name: "Download JSON" })).toHaveAttribute("href", "/api/export/exp1?format=json");
});

test("a result cut at the row limit says so", () => {
  render(<QueryResult result={result({ truncated: true, rowLimit: 2 })} />);
  expect(screen.getByTestId("query-row-count")).toHaveTextContent("Truncated at 2 rows");
});

test("no downloads are offered when saving the rows failed, or for links elsewhere", () => {
  const { unmount } = render(<QueryResult result={result({ export: null })} />);
  expect(screen.queryByRole("link")).not.toBeInTheDocument();
  unmount();
  render(
    <QueryResult
      result={result({ export: { id: "x", links: { json: "https://evil.example/a", csv: "https://evil.example/b" } } })}
    />,
  );
  expect(screen.queryByRole("link")).not.toBeInTheDocument();
});

test("an empty result and one without columns say what happened", () => {
  const { unmount } = render(<QueryResult result={result({ rows: [], rowCount: 0 })} />);
  expect(screen.getByText("No rows matched.")).toBeInTheDocument();
  expect(screen.getByTestId("query-row-count")).toHaveTextContent("0 rows");
  unmount();
  render(<QueryResult result={result({ columns: [], rows: [], rowCount: 1 })} />);
  expect(screen.getByText("The statement returned no columns.")).toBeInTheDocument();
  expect(screen.getByTestId("query-row-count")).toHaveTextContent("1 row ·");
});

test("only structured content shaped like a query result is recognised", () => {
  expect(isQueryResult(result())).toBe(true);
  expect(isQueryResult(null)).toBe(false);
  expect(isQueryResult("rows")).toBe(false);
  expect(isQueryResult({ ...result(), rows: "x" })).toBe(false);
  expect(isQueryResult({ ...result(), database: null })).toBe(false);
});

test("a run_query tool card shows the result table outside its details; a failed one does not", () => {
  const part = (ok: boolean): ToolPart => ({
    type: "tool-run_query",
    toolCallId: "call_1",
    state: "output-available",
    input: { sql: "SELECT 1" },
    output: buildOutcome({ ok, text: "rows as text", structured: result(), tool: "run_query" }),
  });
  const { unmount } = render(<ToolCard part={part(true)} />);
  expect(screen.getByTestId("query-table")).toBeVisible();
  expect(screen.getByTestId("query-sql")).toHaveTextContent("SELECT name, country");
  unmount();
  render(<ToolCard part={part(false)} />);
  expect(screen.queryByTestId("query-table")).not.toBeInTheDocument();
});
