"use client";

import { ToolList } from "./tool-list";
import type { ConnectorTestResponse, TestStep, TestStepName } from "@/lib/schemas/connectors";

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

export function ConnectionTester({ running, steps, result }: { running: boolean; steps: TestStep[]; result: ConnectorTestResponse | null }) {
  if (!running && steps.length === 0 && !result) return null;
  return (
    <div className="tester stack" aria-live="polite">
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
      {result && (
        <div className={`test-result ${result.ok ? (result.code ? "warn" : "ok") : "error"}`} data-testid="test-result" role={result.ok ? "status" : "alert"}>
          <strong>{result.code ?? "OK"}</strong> {result.message}
          {result.hint && <div className="muted">{result.hint}</div>}
          {result.server && (
            <div className="muted">
              {result.server.name} {result.server.version} over {result.transport === "sse" ? "HTTP+SSE" : "Streamable HTTP"}
            </div>
          )}
        </div>
      )}
      {result && result.tools.length > 0 && (
        <ToolList tools={result.tools} label="Discovered tools" />
      )}
    </div>
  );
}
