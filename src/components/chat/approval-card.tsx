"use client";

import { ShieldQuestion } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import type { ToolCallOutcome, ToolProgress } from "@/lib/schemas/agent";
import type { ApprovalDecision } from "@/lib/schemas/tool-policy";
import type { ToolPart } from "./tool-card";
import { ProgressLine } from "./tool-result-view";

/** Where the tool comes from, in the names the user knows. */
function sourceName(outcome: ToolCallOutcome): string {
  return outcome.source.kind === "connector" ? outcome.source.connectorName : "Built-in tool";
}

/** The tool's own label without the connector: "Docs › Send the report" reads "Send the report". */
function toolTitle(outcome: ToolCallOutcome): string {
  const label = outcome.label ?? outcome.tool;
  const at = label.indexOf(" › ");
  return at >= 0 ? label.slice(at + 3) : label;
}

/**
 * A tool call waiting for the user: which connector, which tool, the exact arguments it
 * would run with, and the three answers. Nothing runs until one is chosen.
 */
export function ApprovalCard({
  part,
  onDecide,
  pending,
  progress,
  error,
  requester = "agent",
}: {
  part: ToolPart;
  onDecide: (decision: ApprovalDecision) => void;
  /** The decision is on its way; an allowed call runs until it comes back. */
  pending: boolean;
  /** The server's latest progress report while the allowed call runs (polled). */
  progress?: ToolProgress;
  error?: string | null;
  /** Who asked to run it: the model, or an MCP App from its frame. */
  requester?: "agent" | "app";
}) {
  const outcome = part.output as ToolCallOutcome;
  const headingId = `approval-${part.toolCallId}`;
  return (
    <Card
      role="group"
      aria-labelledby={headingId}
      className="flex min-w-0 flex-col gap-3 border-warn/60"
      data-testid="approval-card"
    >
      <div className="flex items-start gap-2">
        <ShieldQuestion aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-warn" />
        <div className="min-w-0">
          <p id={headingId} className="font-semibold break-words">
            Allow {toolTitle(outcome)}?
          </p>
          <p className="text-sm break-words text-muted">
            {sourceName(outcome)} · the {requester} wants to run this tool with these arguments.
          </p>
        </div>
      </div>
      <div>
        <p className="mb-1 text-xs text-muted" id={`${headingId}-args`}>
          Arguments
        </p>
        <pre
          tabIndex={0}
          aria-labelledby={`${headingId}-args`}
          className="max-h-72 overflow-auto rounded-lg bg-subtle p-2 text-xs whitespace-pre-wrap break-words"
          data-testid="approval-args"
        >
          {JSON.stringify(part.input ?? {}, null, 2)}
        </pre>
      </div>
      {pending && progress && <ProgressLine progress={progress} />}
      {error && (
        <Callout tone="danger" role="alert">
          {error}
        </Callout>
      )}
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="danger" disabled={pending} onClick={() => onDecide("deny")}>
          Deny
        </Button>
        <Button disabled={pending} onClick={() => onDecide("conversation")}>
          Allow for this conversation
        </Button>
        <Button variant="primary" disabled={pending} onClick={() => onDecide("once")}>
          {pending ? "Running…" : "Allow once"}
        </Button>
      </div>
    </Card>
  );
}

/** The decision, in words, on a call's card once it was answered. */
export function approvalNote(outcome: ToolCallOutcome | undefined): string | null {
  const a = outcome?.approval;
  if (!a) return null;
  if (a.status === "denied") return "You denied this call";
  if (a.status === "expired") return "Not run: the approval request expired";
  if (a.status === "allowed") return a.scope === "conversation" ? "Allowed for this conversation" : "Allowed once";
  return null;
}
