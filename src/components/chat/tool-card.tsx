"use client";

import { Check, X } from "lucide-react";
import dynamic from "next/dynamic";
import { Fragment } from "react";
import { useAppHost } from "@/components/apps-frame/app-host";
import { cn } from "@/components/ui/cn";
import { isQueryResult, QueryResult } from "@/components/databases/query-result";
import { Spinner } from "@/components/ui/spinner";
import type { AvailableTool, ToolCallOutcome, ToolProgress } from "@/lib/schemas/agent";
import { approvalNote } from "./approval-card";
import { toolLabel } from "./tool-label";
import { AudioClips, ProgressLine, ResourceLinks, StructuredView } from "./tool-result-view";

const Markdown = dynamic(() => import("@/components/ui/markdown").then((m) => m.Markdown), {
  ssr: false,
  loading: () => <p className="text-xs text-muted">…</p>,
});

// An MCP App's bridge is large and most tool calls have no app: it loads when one is shown.
const AppFrame = dynamic(() => import("@/components/apps-frame/app-frame").then((m) => m.AppFrame), {
  ssr: false,
  loading: () => <p className="text-sm text-muted">Loading the app…</p>,
});

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

// Web addresses and this app's own download paths (an export's links) become links.
const LINK = /(https?:\/\/[^\s)"'<>\]]+|\/api\/export\/[^\s)"'<>\]]+)/g;

function Linkified({ text }: { text: string }) {
  return (
    <>
      {text.split(LINK).map((piece, i) =>
        i % 2 === 1 ? (
          piece.startsWith("/") ? (
            <a key={i} href={piece} download="">
              {piece}
            </a>
          ) : (
            <a key={i} href={piece} target="_blank" rel="noopener noreferrer">
              {piece}
            </a>
          )
        ) : (
          <Fragment key={i}>{piece}</Fragment>
        ),
      )}
    </>
  );
}

const PRE = "max-h-80 overflow-auto rounded-lg bg-subtle p-2 text-xs whitespace-pre-wrap break-words";

/** A tool call in the conversation: who ran what, how it went and how long it took; images inline. */
export function ToolCard({
  part,
  tools,
  progress,
  stopped = false,
  note,
}: {
  part: ToolPart;
  tools?: AvailableTool[];
  /** The server's latest progress report, while the call runs. */
  progress?: ToolProgress;
  /** The answer ended (Stop) before this call did. */
  stopped?: boolean;
  /** What the call is waiting for (its connector is being retried). */
  note?: string;
}) {
  const outcome = part.output as ToolCallOutcome | undefined;
  const decision = approvalNote(outcome);
  const declined = outcome?.errorCode === "DECLINED";
  const status =
    part.state === "output-available"
      ? declined
        ? "declined"
        : outcome?.ok === false
          ? "failed"
          : "ok"
      : part.state === "output-error" || stopped
        ? "failed"
        : "running";
  const label = toolLabel(toolNameOf(part), outcome, tools);
  const host = useAppHost();
  // A connector's text is Markdown; built-in tools format their own results.
  const markdown = outcome?.ok === true && outcome.source.kind === "connector";
  return (
    <div
      className={cn(
        "flex min-w-0 flex-col gap-2 rounded-xl border bg-surface px-3 py-2",
        status === "failed" ? "border-danger/50" : "border-border",
      )}
      data-testid="tool-card"
      data-status={status}
    >
      <details className="group min-w-0">
        <summary className="flex cursor-pointer flex-wrap items-center gap-x-2 gap-y-0.5 text-sm">
          {status === "ok" ? (
            <Check aria-hidden="true" className="size-4 text-ok" />
          ) : status === "failed" || status === "declined" ? (
            <X aria-hidden="true" className={cn("size-4", status === "failed" ? "text-danger" : "text-muted")} />
          ) : (
            <Spinner className="text-accent" />
          )}
          <span className="sr-only">
            {status === "ok"
              ? "Done:"
              : status === "failed"
                ? "Failed:"
                : status === "declined"
                  ? "Not run:"
                  : "Running:"}
          </span>
          <span className="min-w-0 font-medium break-words" data-testid="tool-label">
            {label}
          </span>
          <span className="text-xs text-muted">
            {outcome && !declined
              ? `${outcome.durationMs} ms`
              : status === "running"
                ? "running…"
                : stopped && !part.errorText
                  ? "stopped"
                  : ""}
            {outcome?.source.kind === "system" ? " · built-in tool" : ""}
          </span>
          {decision && (
            <span className="text-xs text-muted" data-testid="approval-note">
              {decision}
            </span>
          )}
        </summary>
        <div className="mt-2 flex flex-col gap-2 text-sm">
          <div>
            <div className="mb-1 text-xs text-muted">Arguments</div>
            <pre tabIndex={0} className={PRE}>
              {JSON.stringify(part.input ?? {}, null, 2)}
            </pre>
          </div>
          {(outcome || part.errorText) && (
            <div>
              <div className="mb-1 text-xs text-muted">
                {outcome?.ok === false || part.errorText
                  ? `Error${outcome?.errorCode ? ` (${outcome.errorCode})` : ""}`
                  : "Result"}
              </div>
              {markdown ? (
                <div tabIndex={0} className="max-h-80 overflow-auto rounded-lg bg-subtle p-2" data-testid="tool-result">
                  <Markdown>{outcome.text}</Markdown>
                </div>
              ) : (
                <pre tabIndex={0} className={PRE} data-testid="tool-result">
                  <Linkified text={outcome?.text ?? part.errorText ?? ""} />
                </pre>
              )}
            </div>
          )}
          {/* Built-in tools present their own results (a query's rows: QueryResult below). */}
          {outcome?.source.kind === "connector" && (outcome.structured !== undefined || outcome.structuredError) && (
            <StructuredView value={outcome.structured} error={outcome.structuredError} />
          )}
        </div>
      </details>
      {outcome?.ok && isQueryResult(outcome.structured) && <QueryResult result={outcome.structured} />}
      {note && status === "running" && (
        <p className="text-xs text-muted" role="status" data-testid="tool-note">
          {note}
        </p>
      )}
      {status === "running" && progress && <ProgressLine progress={progress} />}
      {outcome?.structuredError && (
        <p className="text-xs text-warn" data-testid="structured-warning">
          The structured result does not match what the tool declares: see the details.
        </p>
      )}
      {outcome?.links && outcome.links.length > 0 && outcome.source.kind === "connector" && (
        <ResourceLinks links={outcome.links} connectorId={outcome.source.connectorId} />
      )}
      {outcome?.audio && outcome.audio.length > 0 && <AudioClips clips={outcome.audio} label={label} />}
      {outcome?.images && outcome.images.length > 0 && (
        <div className="flex flex-wrap gap-2">
          {outcome.images.map((img, i) => (
            // Data URLs only (the server keeps to png/jpeg/gif/webp and a size cap): CSP allows them.
            <img
              key={i}
              src={`data:${img.mimeType};base64,${img.data}`}
              alt={`Image ${i + 1} returned by ${label}`}
              className="max-h-80 max-w-full rounded-lg border border-border object-contain"
              data-testid="tool-image"
            />
          ))}
        </div>
      )}
      {outcome?.app && status === "ok" && host && (
        <AppFrame app={outcome.app} label={label} input={part.input} outcome={outcome} host={host} />
      )}
    </div>
  );
}
