// @vitest-environment happy-dom
import "../support/components/setup";
import { render, screen, waitFor, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { ConnectionTester } from "@/components/connectors/connection-tester";
import { ConnectorForm } from "@/components/connectors/connector-form";
import type { ConnectorTestEvent, TestStepName } from "@/lib/schemas/connectors";
import { buildFailedTestResult, buildTestResult } from "../support/components/builders";
import { renderWithApi } from "../support/components/render";
import { controlledStream } from "../support/components/stream";

const NAMES: TestStepName[] = ["url_check", "connect", "authenticate", "handshake", "list_tools"];
const statuses = () => NAMES.map((n) => screen.getByTestId(`test-step-${n}`).getAttribute("data-status"));

test("steps appear as the test streams them, then the failure with its code and hint", async () => {
  const stream = controlledStream<ConnectorTestEvent>();
  const { user } = renderWithApi(<ConnectorForm onSaved={() => undefined} onCancel={() => undefined} />, {
    "connectors.testLive": () => stream.iterable,
  });
  const form = within(screen.getByRole("form", { name: "Add a connector" }));
  await user.type(form.getByLabelText(/^Server URL/), "https://docs.example.com/mcp");
  await user.click(form.getByRole("button", { name: "Test connection" }));

  await waitFor(() => expect(statuses()).toEqual(["running", "pending", "pending", "pending", "pending"]));
  // While it runs: how long so far, a way to stop it, and no Save.
  expect(screen.getByTestId("elapsed")).toHaveTextContent(/^\d+\.\d s$/);
  expect(form.getByRole("button", { name: "Cancel test" })).toBeEnabled();
  expect(form.queryByRole("button", { name: "Test connection" })).not.toBeInTheDocument();
  expect(form.getByRole("button", { name: "Save" })).toBeDisabled();
  expect(form.getByText("Save waits for the test to finish.")).toBeInTheDocument();

  stream.push({ type: "step", step: { name: "url_check", status: "ok", durationMs: 2 } });
  await waitFor(() => expect(statuses()).toEqual(["ok", "running", "pending", "pending", "pending"]));
  expect(screen.getByTestId("test-step-url_check")).toHaveTextContent("Check URL");
  expect(screen.getByTestId("test-step-url_check")).toHaveTextContent("2 ms");

  stream.push({ type: "step", step: { name: "connect", status: "ok", durationMs: 15 } });
  await waitFor(() => expect(statuses()).toEqual(["ok", "ok", "running", "pending", "pending"]));
  expect(screen.queryByTestId("test-result")).not.toBeInTheDocument();

  stream.push({ type: "result", result: buildFailedTestResult() });
  stream.end();

  const result = await screen.findByTestId("test-result");
  expect(statuses()).toEqual(["ok", "ok", "failed", "pending", "pending"]);
  expect(screen.getByTestId("test-step-authenticate")).toHaveTextContent("401 Unauthorized");
  expect(result).toHaveRole("alert");
  expect(result).toHaveTextContent("AUTH_FAILED The server refused the credentials (401).");
  expect(screen.queryByTestId("elapsed")).not.toBeInTheDocument();
  expect(form.getByText("The test did not pass: fix the settings and test again.")).toBeInTheDocument();
  expect(result).toHaveTextContent("Check the token and try again.");
  expect(form.getByRole("button", { name: "Test connection" })).toBeEnabled();
});

test("shows nothing before a test", () => {
  const { container } = render(<ConnectionTester running={false} steps={[]} result={null} />);
  expect(container).toBeEmptyDOMElement();
});

test("a passing test names the server, its transport and the tools it found", () => {
  const result = buildTestResult({
    transport: "sse",
    tools: [
      { name: "search", description: "Search the docs", inputSchema: {} },
      { name: "fetch_page", inputSchema: {} },
    ],
  });
  render(<ConnectionTester running={false} steps={result.steps} result={result} />);

  const box = screen.getByTestId("test-result");
  expect(box).toHaveRole("status");
  expect(box).toHaveTextContent("OK Connected: 1 tool found.");
  expect(box).toHaveTextContent("demo-server 1.0.0 over HTTP+SSE");
  const tools = screen.getByRole("list", { name: "Discovered tools" });
  expect(
    within(tools)
      .getAllByRole("listitem")
      .map((li) => li.textContent),
  ).toEqual(["searchSearch the docs", "fetch_page"]);
  // A skipped step shows no duration.
  expect(screen.getByTestId("test-step-authenticate")).toHaveAttribute("data-status", "skipped");
  expect(screen.getByTestId("test-step-authenticate")).not.toHaveTextContent("ms");
  expect(screen.getByTestId("test-step-handshake")).toHaveTextContent("20 ms");
});

test("Streamable HTTP is named as such", () => {
  const result = buildTestResult();
  render(<ConnectionTester running={false} steps={result.steps} result={result} />);
  expect(screen.getByTestId("test-result")).toHaveTextContent("over Streamable HTTP");
});

test("a result for values that changed since is not shown as if it still held", () => {
  const result = buildTestResult();
  render(<ConnectionTester running={false} steps={result.steps} result={result} stale />);
  expect(screen.queryByTestId("test-result")).not.toBeInTheDocument();
  expect(screen.getByTestId("test-stale")).toHaveTextContent("The values changed since the last test");
});

test("many tools start folded, with their count", () => {
  const tools = Array.from({ length: 7 }, (_, i) => ({ name: `t${i}`, inputSchema: {} }));
  const result = buildTestResult({
    tools,
    steps: [{ name: "list_tools", status: "warning", durationMs: 1, detail: "slow" }],
  });
  render(<ConnectionTester running={false} steps={result.steps} result={result} />);
  expect(screen.getByText("7 tools found").closest("details")).not.toHaveAttribute("open");
  expect(screen.getByTestId("test-step-list_tools")).toHaveAttribute("data-status", "warning");
});

test("OAuth progress shows its phase, issuer and discovery steps", () => {
  const { rerender } = render(
    <ConnectionTester running={false} steps={[]} result={null} oauth={{ phase: "discovering", steps: [] }} />,
  );
  expect(screen.getByTestId("oauth-progress")).toHaveTextContent("Sign-in: Finding the server’s sign-in settings…");
  expect(screen.queryByTestId("test-step-url_check")).not.toBeInTheDocument();

  rerender(
    <ConnectionTester
      running={false}
      steps={[]}
      result={null}
      oauth={{
        phase: "failed",
        issuer: "https://auth.example.com",
        steps: [
          { name: "resource metadata", url: "https://a.example.com/r", outcome: "ok" },
          { name: "issuer check", url: "https://auth.example.com/m", outcome: "failed", detail: "issuer mismatch" },
        ],
      }}
    />,
  );
  const progress = screen.getByTestId("oauth-progress");
  expect(progress).toHaveTextContent("Sign-in with https://auth.example.com: Sign-in failed.");
  const steps = within(progress).getAllByTestId("oauth-step");
  expect(steps.map((s) => s.getAttribute("data-status"))).toEqual(["ok", "failed"]);
  expect(steps[1]).toHaveTextContent("Issuer check");
  expect(steps[1]).toHaveTextContent("https://auth.example.com/m (issuer mismatch)");
});
