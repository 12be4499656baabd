// @vitest-environment happy-dom
import "../support/components/setup";
import { screen, waitFor, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { AnalyticsView } from "@/components/analytics/analytics-view";
import type { UsageReport } from "@/lib/schemas/tools";
import { apiError } from "../support/components/fake-api";
import { buildSystemTool, buildUsageReport } from "../support/components/builders";
import { renderWithApi } from "../support/components/render";
import { choose } from "../support/components/select";

const busyWeek = (): UsageReport =>
  buildUsageReport({
    totals: { calls: 8, failures: 1, successRate: 0.875, p50: 120.4, p95: 980.6 },
    byTool: [
      {
        tool: "lookup",
        source: "Dictionary",
        system: false,
        calls: 5,
        failures: 0,
        successRate: 1,
        p50: 100,
        p95: 300,
      },
      {
        tool: "search_email",
        source: "gmail",
        system: true,
        calls: 3,
        failures: 1,
        successRate: 2 / 3,
        p50: 400.2,
        p95: 990,
      },
    ],
    failuresByCode: [{ code: "TIMEOUT", count: 1 }],
    daily: [
      { day: "2025-01-06", calls: 3, failures: 0 },
      { day: "2025-01-07", calls: 5, failures: 1 },
    ],
  });

const totals = () => screen.getByTestId("analytics-totals");

test("shows the totals and the usage of each tool", async () => {
  renderWithApi(<AnalyticsView />, {
    "tools.list": () => [buildSystemTool()],
    "tools.analytics": () => busyWeek(),
  });
  expect(screen.getByText("Computing your usage…")).toBeInTheDocument();

  expect(await screen.findByTestId("analytics-totals")).toHaveTextContent("Tool calls8");
  expect(totals()).toHaveTextContent("Success rate87.5%");
  expect(totals()).toHaveTextContent("Latency p50120 ms");
  expect(totals()).toHaveTextContent("Latency p95981 ms");
  expect(screen.queryByText("No tool calls in this period.")).not.toBeInTheDocument();

  const table = screen.getByRole("table", { name: "Usage per tool" });
  const rows = within(table)
    .getAllByRole("row")
    .slice(1)
    .map((r) =>
      within(r)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    );
  expect(rows).toEqual([
    ["lookup", "Dictionary", "5", "100%", "100 ms", "300 ms"],
    ["Search email", "Gmail", "3", "66.7%", "400 ms", "990 ms"],
  ]);
  expect(screen.getByText("8 calls in total, 1 failure.")).toBeInTheDocument();
  // The charts load on their own, after the numbers.
  expect(await screen.findByRole("heading", { name: "Calls per day" })).toBeInTheDocument();
  expect(screen.getByRole("heading", { name: "Calls per tool" })).toBeInTheDocument();
  expect(screen.getByRole("heading", { name: "Failures by error code" })).toBeInTheDocument();
});

test("switching the period asks for that period", async () => {
  const { user, api } = renderWithApi(<AnalyticsView />, {
    "tools.list": () => [buildSystemTool()],
    "tools.analytics": ({ period }) =>
      period === "30d"
        ? { ...busyWeek(), period, totals: { ...busyWeek().totals, calls: 42 } }
        : buildUsageReport({ period }),
  });
  const period = screen.getByRole("combobox", { name: /Period/ });
  expect(period).toHaveValue("7d");
  await screen.findByText("No tool calls in this period.");

  await choose(user, period, "Last 30 days");

  await waitFor(() => expect(totals()).toHaveTextContent("Tool calls42"));
  expect(screen.queryByText("No tool calls in this period.")).not.toBeInTheDocument();
  expect(api.inputsOf("tools.analytics")).toEqual([{ period: "7d" }, { period: "30d" }]);

  await choose(user, period, "Last 24 hours");
  await waitFor(() => expect(api.inputsOf("tools.analytics")).toContainEqual({ period: "24h" }));
  expect(await screen.findByText("No tool calls in this period.")).toBeInTheDocument();
});

test("a period without calls shows an empty state instead of charts", async () => {
  renderWithApi(<AnalyticsView />, {
    "tools.list": () => [buildSystemTool()],
    "tools.analytics": () => buildUsageReport(),
  });
  expect(await screen.findByText("No tool calls in this period.")).toBeInTheDocument();
  expect(totals()).toHaveTextContent("Tool calls0");
  expect(totals()).toHaveTextContent("Success rate–");
  expect(screen.queryByRole("table")).not.toBeInTheDocument();
  expect(screen.queryByRole("heading", { name: "Calls per day" })).not.toBeInTheDocument();
});

test("no failures, no failure chart", async () => {
  renderWithApi(<AnalyticsView />, {
    "tools.list": () => [buildSystemTool()],
    "tools.analytics": () => ({ ...busyWeek(), failuresByCode: [] }),
  });
  await screen.findByRole("table", { name: "Usage per tool" });
  await screen.findByRole("heading", { name: "Calls per day" });
  expect(screen.queryByRole("heading", { name: "Failures by error code" })).not.toBeInTheDocument();
});

test("a report that cannot load says so and can be loaded again", async () => {
  let fail = true;
  const { user } = renderWithApi(<AnalyticsView />, {
    "tools.list": () => [buildSystemTool()],
    "tools.analytics": () => {
      if (fail) throw apiError("INTERNAL", "Something went wrong on our side. Reference: r9");
      return busyWeek();
    },
  });
  expect(await screen.findByRole("alert")).toHaveTextContent(
    "Your usage could not be loaded: Something went wrong on our side. Reference: r9",
  );
  fail = false;
  await user.click(screen.getByRole("button", { name: "Try again" }));
  expect(await screen.findByTestId("analytics-totals")).toHaveTextContent("Tool calls8");
});

test("a system tool unknown to this page keeps its id; one call is counted in the singular", async () => {
  renderWithApi(<AnalyticsView />, {
    "tools.list": () => [],
    "tools.analytics": () =>
      buildUsageReport({
        totals: { calls: 1, failures: 0, successRate: 1, p50: 5, p95: 5 },
        byTool: [
          { tool: "old_tool", source: "retired", system: true, calls: 1, failures: 0, successRate: 1, p50: 5, p95: 5 },
        ],
      }),
  });
  const table = await screen.findByRole("table", { name: "Usage per tool" });
  expect(within(table).getAllByRole("row")[1]).toHaveTextContent("old_toolretired1100%5 ms5 ms");
  expect(screen.getByText("1 call in total, 0 failures.")).toBeInTheDocument();
});

test("offers the exports as downloads", async () => {
  renderWithApi(<AnalyticsView />, {
    "tools.list": () => [buildSystemTool()],
    "tools.analytics": () => buildUsageReport(),
  });
  const exportSection = within(screen.getByRole("region", { name: "Export" }));
  const links = exportSection.getAllByRole("link");
  expect(links.map((a) => [a.textContent, a.getAttribute("href")])).toEqual([
    ["Tool calls (JSON)", "/api/export?kind=tool_calls&format=json"],
    ["Tool calls (CSV)", "/api/export?kind=tool_calls&format=csv"],
    ["Conversations (JSON)", "/api/export?kind=conversations&format=json"],
    ["Conversations (CSV)", "/api/export?kind=conversations&format=csv"],
  ]);
  for (const a of links) expect(a).toHaveAttribute("download");
  await screen.findByText("No tool calls in this period.");
});
