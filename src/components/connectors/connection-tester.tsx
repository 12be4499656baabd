"use client";

import { ToolList } from "./tool-list";
import type { ConnectorTestResponse, OAuthDiscoveryStep, TestStep, TestStepName } from "@/lib/schemas/connectors";

/** Where an OAuth sign-in stands, shown above the connection steps. */
export type OAuthProgress = {
  phase: "discovering" | "signing_in" | "signed_in" | "failed";
  steps: OAuthDiscoveryStep[];
  issuer?: string;
  message?: string;
};

const PHASE_TEXT: Record<OAuthProgress["phase"], string> = {
  discovering: "Finding the server’s sign-in settings…",
  signing_in: "Waiting for you to sign in in the pop-up window…",
  signed_in: "Signed in.",
  failed: "Sign-in failed.",
};

function OAuthSteps({ progress }: { progress: OAuthProgress }) {
  return (
    <div className="stack" data-testid="oauth-progress" data-phase={progress.phase}>
      <strong>
        Sign-in{progress.issuer ? ` with ${progress.issuer}` : ""}: {progress.message ?? PHASE_TEXT[progress.phase]}
      </strong>
      {progress.steps.length > 0 && (
        <ol className="steps" aria-label="Sign-in discovery">
          {progress.steps.map((s, i) => (
            <li key={i} className={`step step-${s.outcome}`} data-testid="oauth-step" data-status={s.outcome}>
              <span className="step-icon" aria-hidden>
                {s.outcome === "ok" ? "✓" : "✗"}
              </span>
              <span className="grow">
                {s.name[0]?.toUpperCase()}
                {s.name.slice(1)}
              </span>
              <span className="muted step-detail">
                {s.url}
                {s.detail ? ` (${s.detail})` : ""}
              </span>
            </li>
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
const ICONS: Record<TestStep["status"] | "pending" | "running", string> = {
  pending: "○",
  running: "◌",
  ok: "✓",
  failed: "✗",
  skipped: "–",
  warning: "!",
};

export function ConnectionTester({
  running,
  steps,
  result,
  oauth,
}: {
  running: boolean;
  steps: TestStep[];
  result: ConnectorTestResponse | null;
  oauth?: OAuthProgress | null;
}) {
  if (!running && steps.length === 0 && !result && !oauth) return null;
  const showSteps = running || steps.length > 0 || result;
  return (
    <div className="tester stack" aria-live="polite">
      {oauth && <OAuthSteps progress={oauth} />}
      {showSteps && (
        <ol className="steps">
          {ORDER.map((name, i) => {
            const step = steps.find((s) => s.name === name);
            const status = step?.status ?? (running && i === steps.length ? "running" : "pending");
            return (
              <li key={name} className={`step step-${status}`} data-testid={`test-step-${name}`} data-status={status}>
                <span className="step-icon" aria-hidden>
                  {ICONS[status]}
                </span>
                <span className="grow">{STEP_LABELS[name]}</span>
                {step?.detail && <span className="muted step-detail">{step.detail}</span>}
                {step && step.status !== "skipped" && <span className="muted">{step.durationMs} ms</span>}
              </li>
            );
          })}
        </ol>
      )}
      {result && (
        <div
          className={`test-result ${result.ok ? (result.code ? "warn" : "ok") : "error"}`}
          data-testid="test-result"
          role={result.ok ? "status" : "alert"}
        >
          <strong>{result.code ?? "OK"}</strong> {result.message}
          {result.hint && <div className="muted">{result.hint}</div>}
          {result.account && <div data-testid="signed-in-as">Signed in as {result.account}</div>}
          {result.server && (
            <div className="muted">
              {result.server.name} {result.server.version} over{" "}
              {result.transport === "sse" ? "HTTP+SSE" : "Streamable HTTP"}
            </div>
          )}
        </div>
      )}
      {result && result.tools.length > 0 && <ToolList tools={result.tools} label="Discovered tools" />}
    </div>
  );
}
