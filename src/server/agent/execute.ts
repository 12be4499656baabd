// Running one tool the way the agent and the direct-run form both do: timed, stored in
// the user's history with its arguments and result, counted toward the connector's
// health, logged without arguments or result.
import { AppError } from "@/lib/errors";
import type { ToolCallOutcome } from "@/lib/schemas/agent";
import { ConnectorUnavailableError, type RunContext } from "@/server/agent/connector-call";
import { truncate } from "@/server/agent/tool-result";
import { reportConnectorOutcome } from "@/server/connectors/health";
import { recordToolCall } from "@/server/db/tool-calls";
import { logger } from "@/server/platform/log";
import { incrementCounter, observeMs } from "@/server/platform/metrics";

import type { LoadedTool } from "@/server/agent/toolset";

/**
 * Runs one tool the way the agent and the direct-run form both do: timed, stored in the
 * user's history with its arguments and result, logged without them.
 */
export async function executeTool(
  userId: string,
  tool: LoadedTool,
  args: unknown,
  opts: RunContext & {
    conversationId?: string | null;
    /** The tool's connector could not be connected, even after the retry. */
    onUnavailable?: (err: ConnectorUnavailableError) => void;
  } = {},
): Promise<ToolCallOutcome> {
  const started = performance.now();
  let outcome: Omit<ToolCallOutcome, "durationMs" | "source" | "tool" | "label">;
  try {
    const r = await tool.run(args, { signal: opts.signal, onRetry: opts.onRetry });
    outcome = {
      ok: !r.isError,
      text: truncate(r.text),
      ...(r.structured !== undefined ? { structured: r.structured } : {}),
      ...(r.images?.length ? { images: r.images } : {}),
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
          ? "The call was stopped: the user left the conversation."
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
  // A tool that reports an error in its result still worked as a connector; one that
  // needs the user to sign in again shows that status instead of counting as failing.
  if (source.kind === "connector" && outcome.errorCode !== "OAUTH_REAUTH_REQUIRED")
    await reportConnectorOutcome(
      userId,
      source.connectorId,
      outcome.ok || outcome.errorCode === "TOOL_ERROR",
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
