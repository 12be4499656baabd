"use client";

import { StepRow, type StepStatus } from "@/components/connectors/connection-tester";
import { Callout } from "@/components/ui/callout";
import { ElapsedTime } from "@/components/ui/spinner";
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
 * elapsed so far, then the result with its code. A result for values that changed since
 * is not shown as if it still held.
 */
export function DatabaseTester({
  running,
  steps,
  result,
  stale = false,
}: {
  running: boolean;
  steps: DatabaseTestStep[];
  result: DatabaseTestResponse | null;
  stale?: boolean;
}) {
  if (!running && steps.length === 0 && !result) return null;
  if (stale && !running)
    return (
      <Callout data-testid="test-stale">
        The values changed since the last test, so its result no longer applies. Test again before saving.
      </Callout>
    );
  return (
    <div className="flex flex-col gap-3 rounded-xl border border-border bg-subtle/60 p-3" aria-live="polite">
      <div>
        <div className="mb-1 flex items-center gap-2 text-sm font-medium">
          <span className="grow">Connection test</span>
          {running ? (
            <ElapsedTime running />
          ) : (
            result && <span className="text-xs text-muted">{Math.round(result.durationMs)} ms</span>
          )}
        </div>
        <ol>
          {ORDER.map((name, i) => {
            const step = steps.find((s) => s.name === name);
            const status: StepStatus = step?.status ?? (running && i === steps.length ? "running" : "pending");
            return (
              <StepRow
                key={name}
                testId={`test-step-${name}`}
                status={status}
                label={STEP_LABELS[name]}
                detail={step?.detail}
                extra={step && step.status !== "skipped" ? `${Math.round(step.durationMs)} ms` : undefined}
              />
            );
          })}
        </ol>
      </div>
      {result && (
        <Callout
          tone={result.ok ? (result.code ? "warn" : "ok") : "danger"}
          role={result.ok ? "status" : "alert"}
          data-testid="test-result"
        >
          <p>
            <strong>{result.code ?? "OK"}</strong> {result.message}
          </p>
          {result.hint && <p className="mt-1 text-muted">{result.hint}</p>}
          {result.server && (
            <p className="mt-1 text-muted" data-testid="test-server">
              {result.server.version} · database {result.server.database} as {result.server.user} ·{" "}
              {result.relationCount === 1 ? "1 table or view" : `${result.relationCount} tables and views`}
            </p>
          )}
        </Callout>
      )}
    </div>
  );
}
