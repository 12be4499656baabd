// Running one tool the way the agent and the direct-run form both do: timed, stored in
// the user's history with its arguments and result, counted toward the connector's
// health, logged without arguments or result.
import { AppError } from "@/lib/errors";
import type { ToolCallOutcome, ToolProgress } from "@/lib/schemas/agent";
import type { ElicitationView } from "@/lib/schemas/elicitation";
import { ConnectorUnavailableError, type RunContext } from "@/server/agent/connector-call";
import { askUser, askUserOutcome, type AskContext } from "@/server/agent/elicitation";
import { truncate } from "@/server/agent/tool-result";
import { reportConnectorOutcome } from "@/server/connectors/health";
import { recordToolCall } from "@/server/db/tool-calls";
import { logger } from "@/server/platform/log";
import { incrementCounter, observeMs } from "@/server/platform/metrics";

import type { LoadedTool } from "@/server/agent/toolset";

export type ExecuteOptions = {
  conversationId?: string | null;
  /** The chat's id for this call: progress and questions are shown on its card. */
  toolCallId?: string;
  /** Stop: cancels the call on its server. */
  signal?: AbortSignal;
  /** Where the user sees the call live (the chat's stream); the direct-run view polls instead. */
  onProgress?: (p: ToolProgress) => void;
  onElicitation?: (view: ElicitationView) => void;
  /** The first connection attempt failed; the call waits for the retry. */
  onRetry?: RunContext["onRetry"];
  /** The user completed the steps in their browser the server asked for; the call is sent again. */
  onRerun?: RunContext["onRerun"];
  /** The tool's connector could not be connected, even after the retry. */
  onUnavailable?: (err: ConnectorUnavailableError) => void;
};

/** Stop in the chat says so; otherwise the request ended because the user left. */
function stoppedMessage(signal?: AbortSignal): string {
  const reason: unknown = signal?.reason;
  return reason instanceof Error && reason.message === "Stopped by the user."
    ? "Stopped by the user."
    : "The call was stopped: the user left the conversation.";
}

// A server may report progress thousands of times a second; the card needs a few a second.
const PROGRESS_INTERVAL_MS = 100;

type ProgressReport = Parameters<NonNullable<RunContext["onProgress"]>>[0];

/**
 * Passes on at most one report per interval, and always the latest one: `flush` hands on
 * the one still waiting when the call ends, before its result closes the card.
 */
function throttled(fn: (p: ProgressReport) => void): ((p: ProgressReport) => void) & { flush(): void } {
  let last = 0;
  let pending: ProgressReport | null = null;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    if (!pending) return;
    last = Date.now();
    const p = pending;
    pending = null;
    fn(p);
  };
  const report = (p: ProgressReport) => {
    pending = p;
    const wait = last + PROGRESS_INTERVAL_MS - Date.now();
    if (wait <= 0) flush();
    else timer ??= setTimeout(flush, wait);
  };
  return Object.assign(report, {
    flush: () => {
      clearTimeout(timer);
      flush();
    },
  });
}

function runContext(
  userId: string,
  tool: LoadedTool,
  opts: ExecuteOptions,
): RunContext & { onProgress?: { flush(): void } } {
  const source = tool.source;
  if (source.kind !== "connector") return opts.signal ? { signal: opts.signal } : {};
  const toolCallId = opts.toolCallId ?? null;
  const asking: AskContext = {
    userId,
    conversationId: opts.conversationId ?? null,
    connectorId: source.connectorId,
    connectorName: source.connectorName,
    toolCallId,
    ...(opts.onElicitation ? { show: opts.onElicitation } : {}),
  };
  return {
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onRetry ? { onRetry: opts.onRetry } : {}),
    ...(opts.onRerun ? { onRerun: opts.onRerun } : {}),
    onProgress: throttled((p) =>
      opts.onProgress?.({
        toolCallId: toolCallId ?? "",
        progress: p.progress,
        ...(p.total !== undefined ? { total: p.total } : {}),
        ...(typeof p.message === "string" ? { message: p.message.slice(0, 500) } : {}),
      }),
    ),
    onElicit: (request, ctx) => askUser(asking, request, ctx),
    // A step a -32042 error asks for is shown as the URL question it is.
    onBrowserStep: (step) =>
      askUserOutcome(
        asking,
        { mode: "url", elicitationId: step.elicitationId, url: step.url, message: step.message },
        { connectorId: source.connectorId, signal: opts.signal ?? new AbortController().signal },
      ),
  };
}

/**
 * Runs one tool the way the agent and the direct-run form both do: timed, stored in the
 * user's history with its arguments and result, logged without them.
 */
export async function executeTool(
  userId: string,
  tool: LoadedTool,
  args: unknown,
  opts: ExecuteOptions = {},
): Promise<ToolCallOutcome> {
  const started = performance.now();
  let outcome: Omit<ToolCallOutcome, "durationMs" | "source" | "tool" | "label">;
  const ctx = runContext(userId, tool, opts);
  try {
    const r = await tool.run(args, ctx).finally(() => ctx.onProgress?.flush());
    outcome = {
      ok: !r.isError,
      text: truncate(r.text),
      ...(r.structured !== undefined ? { structured: r.structured } : {}),
      ...(r.structuredError ? { structuredError: r.structuredError } : {}),
      ...(r.images?.length ? { images: r.images } : {}),
      ...(r.audio?.length ? { audio: r.audio } : {}),
      ...(r.links?.length ? { links: r.links } : {}),
      ...(r.isError ? { errorCode: "TOOL_ERROR" } : {}),
    };
  } catch (err) {
    if (err instanceof ConnectorUnavailableError) opts.onUnavailable?.(err);
    const e = err as Error & { code?: unknown };
    const timedOut =
      e.name === "TimeoutError" || e.name === "AbortError" || e.code === -32001 || /timed out|aborted/i.test(e.message);
    const code =
      err instanceof AppError ? err.code : opts.signal?.aborted ? "CANCELLED" : timedOut ? "TIMEOUT" : "TOOL_FAILED";
    const message =
      err instanceof AppError
        ? err.message
        : code === "CANCELLED"
          ? stoppedMessage(opts.signal)
          : code === "TIMEOUT"
            ? "The tool did not answer in time."
            : "The tool failed.";
    outcome = { ok: false, text: message, errorCode: code };
  }
  const durationMs = Math.round(performance.now() - started);
  const source = tool.source;
  const labels = { source: source.kind, outcome: outcome.ok ? "ok" : (outcome.errorCode ?? "error") };
  incrementCounter("connectors_tool_calls_total", "Tool calls by source (connector or system) and outcome.", labels);
  observeMs("connectors_tool_call_duration_ms", "Tool call latency in milliseconds.", durationMs, {
    source: source.kind,
  });
  await recordToolCall({
    userId,
    conversationId: opts.conversationId ?? null,
    connectorId: source.kind === "connector" ? source.connectorId : null,
    connectorName: source.kind === "connector" ? source.connectorName : null,
    systemToolId: source.kind === "system" ? source.toolId : null,
    toolName: tool.originalName,
    durationMs,
    ok: outcome.ok,
    errorCode: outcome.errorCode ?? null,
    arguments: args ?? null,
    result: { text: outcome.text, structured: outcome.structured ?? null },
  });
  // A tool that reports an error in its result, or whose server waited for a step the
  // user did not complete, still worked as a connector; one that needs the user to sign
  // in again shows that status instead of counting as failing.
  if (source.kind === "connector" && outcome.errorCode !== "OAUTH_REAUTH_REQUIRED")
    await reportConnectorOutcome(
      userId,
      source.connectorId,
      outcome.ok || outcome.errorCode === "TOOL_ERROR" || outcome.errorCode === "ELICITATION_INCOMPLETE",
      outcome.errorCode ?? null,
      outcome.text,
    ).catch(() => undefined);
  logger().info(
    {
      event: "tool.call",
      userId,
      connectorId: source.kind === "connector" ? source.connectorId : undefined,
      systemToolId: source.kind === "system" ? source.toolId : undefined,
      tool: tool.originalName,
      durationMs,
      outcome: outcome.ok ? "ok" : "error",
      code: outcome.errorCode,
    },
    "tool called",
  );
  return {
    ...outcome,
    durationMs,
    source,
    tool: tool.originalName,
    label: tool.label,
    ...(tool.app ? { app: tool.app } : {}),
  };
}
