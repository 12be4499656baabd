"use client";

import { Check, Circle, Minus, TriangleAlert, X } from "lucide-react";
import type { ReactNode } from "react";
import { Callout } from "@/components/ui/callout";
import { cn } from "@/components/ui/cn";
import { ElapsedTime, Spinner } from "@/components/ui/spinner";
import type { ConnectorTestResponse, OAuthDiscoveryStep, TestStep, TestStepName } from "@/lib/schemas/connectors";
import { ToolList } from "./tool-list";

/** Where an OAuth sign-in stands, shown above the connection steps. */
export type OAuthProgress = {
  phase: "discovering" | "signing_in" | "signed_in" | "failed";
  steps: OAuthDiscoveryStep[];
  issuer?: string;
  message?: string;
  /** The server answered without sign-in: the form offers "None". */
  notNeeded?: boolean;
};

const PHASE_TEXT: Record<OAuthProgress["phase"], string> = {
  discovering: "Finding the server’s sign-in settings…",
  signing_in: "Waiting for you to sign in in the pop-up window…",
  signed_in: "Signed in.",
  failed: "Sign-in failed.",
};

export type StepStatus = TestStep["status"] | "pending" | "running";
type Status = StepStatus;

const STATUS_TEXT: Record<Status, string> = {
  pending: "Not run",
  running: "Running",
  ok: "Passed",
  failed: "Failed",
  skipped: "Skipped",
  warning: "Warning",
};

function StepIcon({ status }: { status: Status }) {
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

/** One step of a connection test: icon, name, detail and time (the database tester shows its steps the same way). */
export function StepRow({
  status,
  label,
  detail,
  extra,
  testId,
}: {
  status: Status;
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

function OAuthSteps({ progress }: { progress: OAuthProgress }) {
  return (
    <div className="flex flex-col gap-1" data-testid="oauth-progress" data-phase={progress.phase}>
      <p className="text-sm font-medium">
        Sign-in{progress.issuer ? ` with ${progress.issuer}` : ""}: {progress.message ?? PHASE_TEXT[progress.phase]}
      </p>
      {progress.steps.length > 0 && (
        <ol aria-label="Sign-in discovery">
          {progress.steps.map((s, i) => (
            <StepRow
              key={i}
              testId="oauth-step"
              status={s.outcome}
              label={`${s.name[0]?.toUpperCase() ?? ""}${s.name.slice(1)}`}
              detail={`${s.url}${s.detail ? ` (${s.detail})` : ""}`}
            />
          ))}
        </ol>
      )}
    </div>
  );
}

const STEP_LABELS: Record<TestStepName, string> = {
  url_check: "Check URL",
  connect: "Connect",
  authenticate: "Authenticate",
  handshake: "MCP handshake",
  list_tools: "List tools",
};
const ORDER: TestStepName[] = ["url_check", "connect", "authenticate", "handshake", "list_tools"];

/**
 * The connection test as it runs: each step with its outcome and time, the time elapsed
 * so far, then the result and the tools found. A result for values that changed since is
 * not shown as if it still held.
 */
export function ConnectionTester({
  running,
  steps,
  result,
  oauth,
  stale = false,
}: {
  running: boolean;
  steps: TestStep[];
  result: ConnectorTestResponse | null;
  oauth?: OAuthProgress | null;
  stale?: boolean;
}) {
  if (!running && steps.length === 0 && !result && !oauth) return null;
  if (stale && !running)
    return (
      <Callout data-testid="test-stale">
        The values changed since the last test, so its result no longer applies. Test again before saving.
      </Callout>
    );
  const showSteps = running || steps.length > 0 || result;
  return (
    <div className="flex flex-col gap-3 rounded-xl border border-border bg-subtle/60 p-3" aria-live="polite">
      {oauth && <OAuthSteps progress={oauth} />}
      {showSteps && (
        <div>
          <div className="mb-1 flex items-center gap-2 text-sm font-medium">
            <span className="grow">Connection test</span>
            {running ? (
              <ElapsedTime running />
            ) : (
              result && <span className="text-xs text-muted">{result.durationMs} ms</span>
            )}
          </div>
          <ol>
            {ORDER.map((name, i) => {
              const step = steps.find((s) => s.name === name);
              const status: Status = step?.status ?? (running && i === steps.length ? "running" : "pending");
              return (
                <StepRow
                  key={name}
                  testId={`test-step-${name}`}
                  status={status}
                  label={STEP_LABELS[name]}
                  detail={step?.detail}
                  extra={step && step.status !== "skipped" ? `${step.durationMs} ms` : undefined}
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
          {result.account && <p data-testid="signed-in-as">Signed in as {result.account}</p>}
          {result.server && (
            <p className="mt-1 text-muted">
              {result.server.name} {result.server.version} over{" "}
              {result.transport === "sse" ? "HTTP+SSE" : "Streamable HTTP"}
            </p>
          )}
        </Callout>
      )}
      {result && result.tools.length > 0 && (
        <details className="rounded-lg border border-border bg-surface px-3" open={result.tools.length <= 5}>
          <summary className="cursor-pointer py-2 text-sm font-medium">
            {result.tools.length} tool{result.tools.length === 1 ? "" : "s"} found
          </summary>
          <ToolList tools={result.tools} label="Discovered tools" />
        </details>
      )}
    </div>
  );
}
