"use client";

import { Check, Circle, Minus, TriangleAlert, X } from "lucide-react";
import type { ReactNode } from "react";
import { Callout } from "@/components/ui/callout";
import { cn } from "@/components/ui/cn";
import { ElapsedTime, Spinner } from "@/components/ui/spinner";

/** A step's outcome as the server reports it, or where it stands while the test runs. */
export type StepStatus = "ok" | "failed" | "skipped" | "warning" | "pending" | "running";

/** What every connection test's steps and result carry, whatever is being connected to. */
export type LiveTestStep<Name extends string> = {
  name: Name;
  status: Exclude<StepStatus, "pending" | "running">;
  durationMs: number;
  detail?: string;
};
export type LiveTestResult = { ok: boolean; code: string | null; message: string; hint?: string; durationMs: number };

const STATUS_TEXT: Record<StepStatus, string> = {
  pending: "Not run",
  running: "Running",
  ok: "Passed",
  failed: "Failed",
  skipped: "Skipped",
  warning: "Warning",
};

function StepIcon({ status }: { status: StepStatus }) {
  const cls = "size-4 shrink-0";
  switch (status) {
    case "running":
      return <Spinner className="text-accent" />;
    case "ok":
      return <Check aria-hidden="true" className={cn(cls, "text-ok")} />;
    case "failed":
      return <X aria-hidden="true" className={cn(cls, "text-danger")} />;
    case "warning":
      return <TriangleAlert aria-hidden="true" className={cn(cls, "text-warn")} />;
    case "skipped":
      return <Minus aria-hidden="true" className={cn(cls, "text-muted")} />;
    default:
      return <Circle aria-hidden="true" className={cn(cls, "text-muted")} />;
  }
}

/** One step of a test: icon, name, detail and time; its outcome also in words for screen readers. */
export function StepRow({
  status,
  label,
  detail,
  extra,
  testId,
}: {
  status: StepStatus;
  label: ReactNode;
  detail?: string;
  extra?: ReactNode;
  testId: string;
}) {
  return (
    <li
      className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-0.5 py-1 text-sm"
      data-testid={testId}
      data-status={status}
    >
      <StepIcon status={status} />
      <span className="sr-only">{STATUS_TEXT[status]}:</span>
      <span className="font-medium">{label}</span>
      {detail && <span className="min-w-0 basis-full pl-6 text-muted break-words sm:basis-auto sm:pl-0">{detail}</span>}
      {extra && <span className="ml-auto text-xs text-muted tabular-nums">{extra}</span>}
    </li>
  );
}

/**
 * A connection test as it runs: each step of `order` with its outcome and time, the time
 * elapsed so far, then the result with its code. A result for values that changed since is
 * not shown as if it still held. `lead` comes before the steps (a sign-in's progress);
 * `resultDetails` adds lines to the result, `afterResult` what follows it.
 */
export function LiveTest<Name extends string, Result extends LiveTestResult>({
  running,
  steps,
  result,
  stale = false,
  order,
  labels,
  lead,
  resultDetails,
  afterResult,
}: {
  running: boolean;
  steps: LiveTestStep<Name>[];
  result: Result | null;
  stale?: boolean;
  order: readonly Name[];
  labels: Record<Name, string>;
  lead?: ReactNode;
  resultDetails?: (result: Result) => ReactNode;
  afterResult?: (result: Result) => ReactNode;
}) {
  if (!running && steps.length === 0 && !result && !lead) return null;
  if (stale && !running)
    return (
      <Callout data-testid="test-stale">
        The values changed since the last test, so its result no longer applies. Test again before saving.
      </Callout>
    );
  const showSteps = running || steps.length > 0 || result;
  return (
    <div className="flex flex-col gap-3 rounded-xl border border-border bg-subtle/60 p-3" aria-live="polite">
      {lead}
      {showSteps && (
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
            {order.map((name, i) => {
              const step = steps.find((s) => s.name === name);
              const status: StepStatus = step?.status ?? (running && i === steps.length ? "running" : "pending");
              return (
                <StepRow
                  key={name}
                  testId={`test-step-${name}`}
                  status={status}
                  label={labels[name]}
                  detail={step?.detail}
                  extra={step && step.status !== "skipped" ? `${Math.round(step.durationMs)} ms` : undefined}
                />
              );
            })}
          </ol>
        </div>
      )}
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
          {resultDetails?.(result)}
        </Callout>
      )}
      {result && afterResult?.(result)}
    </div>
  );
}
