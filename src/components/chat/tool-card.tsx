"use client";

import type { ToolCallOutcome } from "@/lib/schemas/agent";

export type ToolPart = {
  type: string;
  toolName?: string;
  toolCallId: string;
  state: "input-streaming" | "input-available" | "output-available" | "output-error";
  input?: unknown;
  output?: unknown;
  errorText?: string;
};

export function toolNameOf(part: ToolPart): string {
  return part.type === "dynamic-tool" ? (part.toolName ?? "tool") : part.type.slice("tool-".length);
}

/** A tool call in the conversation: arguments, result, duration and where it ran. */
export function ToolCard({ part }: { part: ToolPart }) {
  const outcome = part.output as ToolCallOutcome | undefined;
  const where = outcome ? (outcome.source.kind === "connector" ? outcome.source.connectorName : "system tool") : null;
  const status =
    part.state === "output-available"
      ? outcome?.ok === false
        ? "failed"
        : "ok"
      : part.state === "output-error"
        ? "failed"
        : "running";
  const name = outcome?.tool ?? toolNameOf(part);
  return (
    <details className={`tool-card tool-${status}`} data-testid="tool-card" data-status={status}>
      <summary>
        <span className="step-icon" aria-hidden>
          {status === "ok" ? "✓" : status === "failed" ? "✗" : "◌"}
        </span>
        <span className="visually-hidden">
          {status === "ok" ? "Done:" : status === "failed" ? "Failed:" : "Running:"}
        </span>
        <code>{name}</code>
        {where && <span className="muted small"> on {where}</span>}
        {outcome && <span className="muted small"> · {outcome.durationMs} ms</span>}
        {status === "running" && <span className="muted small"> · running…</span>}
      </summary>
      <div className="stack small">
        <div>
          <div className="muted">Arguments</div>
          <pre>{JSON.stringify(part.input ?? {}, null, 2)}</pre>
        </div>
        {(outcome || part.errorText) && (
          <div>
            <div className="muted">
              {outcome?.ok === false || part.errorText
                ? `Error${outcome?.errorCode ? ` (${outcome.errorCode})` : ""}`
                : "Result"}
            </div>
            <pre data-testid="tool-result">{outcome?.text ?? part.errorText}</pre>
          </div>
        )}
      </div>
    </details>
  );
}
