"use client";

import { LiveTest } from "@/components/connections/live-test";
import type { DatabaseTestResponse, DatabaseTestStep } from "@/lib/schemas/databases";

const STEP_LABELS: Record<DatabaseTestStep["name"], string> = {
  address_check: "Check the address",
  connect: "Connect",
  authenticate: "Authenticate",
  catalog: "Read the catalog",
};
const ORDER: DatabaseTestStep["name"][] = ["address_check", "connect", "authenticate", "catalog"];

/**
 * The database connection test as it runs: each step with its outcome and time, the time
 * elapsed so far, then the result with its code and what was reached. A result for values
 * that changed since is not shown as if it still held.
 */
export function DatabaseTester(props: {
  running: boolean;
  steps: DatabaseTestStep[];
  result: DatabaseTestResponse | null;
  stale?: boolean;
}) {
  return (
    <LiveTest
      {...props}
      order={ORDER}
      labels={STEP_LABELS}
      resultDetails={(r) =>
        r.server && (
          <p className="mt-1 text-muted" data-testid="test-server">
            {r.server.version} · database {r.server.database} as {r.server.user} ·{" "}
            {r.relationCount === 1 ? "1 table or view" : `${r.relationCount} tables and views`}
          </p>
        )
      }
    />
  );
}
