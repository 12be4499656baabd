// @vitest-environment happy-dom
import "../support/components/setup";
import { screen, waitFor, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { FailingBanner } from "@/components/connectors/failing-banner";
import type { ConnectorResponse } from "@/lib/schemas/connectors";
import { buildConnector, buildFailedTestResult, buildTestResult } from "../support/components/builders";
import { renderWithApi } from "../support/components/render";
import { deferred } from "../support/components/stream";

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

test("shows nothing while every connector works", async () => {
  const { api } = renderWithApi(<FailingBanner />, {
    "connectors.list": () => [buildConnector({ status: "connected" }), buildConnector({ status: "disabled" })],
  });
  await api.settled();
  expect(api.inputsOf("connectors.list")).toHaveLength(1);
  expect(screen.queryByTestId("failing-banner")).not.toBeInTheDocument();
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
});

test("names each failing connector with its last error and when it happened", async () => {
  renderWithApi(<FailingBanner />, {
    "connectors.list": () => [
      buildConnector({ name: "Docs", status: "failing", lastTestCode: "TIMEOUT", lastTestAt: minutesAgo(5) }),
      buildConnector({ name: "Fine", status: "connected" }),
      buildConnector({ name: "Notes", status: "failing", lastTestCode: null, lastTestAt: minutesAgo(0) }),
    ],
  });
  const alerts = await screen.findAllByRole("alert");
  expect(alerts).toHaveLength(2);
  expect(alerts[0]).toHaveTextContent(
    "Docs keeps failing: The server did not answer in time (TIMEOUT). Last error 5 min ago.",
  );
  expect(alerts[1]).toHaveTextContent("Notes keeps failing: Error unknown. Last error just now.");
  expect(screen.queryByText(/Fine/)).not.toBeInTheDocument();
});

test("a failure's own message is shown rather than its code", async () => {
  renderWithApi(<FailingBanner />, {
    "connectors.list": () => [
      buildConnector({ name: "Docs", status: "failing", lastTestCode: "TIMEOUT", lastError: "Port 9 refused." }),
    ],
  });
  expect(await screen.findByRole("alert")).toHaveTextContent("Docs keeps failing: Port 9 refused.");
});

test("Test again retests that connector; a still failing one says why, a fixed one disappears", async () => {
  let rows: ConnectorResponse[] = [
    buildConnector({ id: "c1", name: "Docs", status: "failing", lastTestCode: "TIMEOUT", lastTestAt: minutesAgo(5) }),
  ];
  const answer = deferred<void>();
  let fixed = false;
  const { user, api } = renderWithApi(<FailingBanner />, {
    "connectors.list": () => rows,
    "connectors.retest": async ({ id }) => {
      await answer.promise;
      if (fixed) rows = rows.map((c) => ({ ...c, status: "connected" as const }));
      const connector = rows.find((c) => c.id === id)!;
      return {
        connector,
        test: fixed ? buildTestResult() : buildFailedTestResult({ message: "The server did not answer in 10 s." }),
      };
    },
  });
  const alert = await screen.findByRole("alert");
  await user.click(within(alert).getByRole("button", { name: "Test again" }));
  expect(within(alert).getByRole("button", { name: "Testing…" })).toBeDisabled();
  expect(api.inputsOf("connectors.retest")).toEqual([{ id: "c1" }]);

  answer.resolve();
  await waitFor(() => expect(alert).toHaveTextContent("Still failing: The server did not answer in 10 s."));
  expect(within(alert).getByRole("button", { name: "Test again" })).toBeEnabled();

  fixed = true;
  await user.click(within(alert).getByRole("button", { name: "Test again" }));
  await waitFor(() => expect(screen.queryByTestId("failing-banner")).not.toBeInTheDocument());
});
