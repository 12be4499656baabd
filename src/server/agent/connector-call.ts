// One call of a connector tool, connecting on first use: a message's toolset comes from the
// stored snapshots, so the connection is opened (or a warm pooled one reused) only when the
// model calls one of the connector's tools. A connection that fails is tried once more
// after CONNECTOR_RETRY_DELAY_MS; the call itself is repeated only when the server refused
// to run it until the user completed steps in their browser (-32042), and they did.
import { env } from "@/env";
import { AppError, isAppErrorCode } from "@/lib/errors";
import { completeBrowserSteps, isUrlElicitationRequired, type StepAsker } from "@/server/agent/browser-steps";
import { fromMcpResult, type ToolResult } from "@/server/agent/tool-result";
import { classifyFailure } from "@/server/connectors/failures";
import type { ElicitHandler } from "@/server/connectors/mcp-handlers";
import { mcpPool } from "@/server/connectors/pool";
import { connectionAuth } from "@/server/connectors/service/auth";
import type { ToolsetConnector } from "@/server/db/agent-toolset";
import { logger } from "@/server/platform/log";

/** A call's result as the chat shows it (text, images, audio, links, checked structured content). */
export type RunResult = ToolResult;

/** What one call is told by the turn it belongs to. */
export type RunContext = {
  /** The chat request's signal: a client that leaves stops the call. */
  signal?: AbortSignal;
  /** The first connection attempt failed; the next one starts after `delayMs`. */
  onRetry?: (info: { delayMs: number; code: string; message: string }) => void;
  /** The server's progress reports for this call. */
  onProgress?: (p: { progress: number; total?: number; message?: string }) => void;
  /** The server asks the user something mid-call. */
  onElicit?: ElicitHandler;
  /** The server needs the user to complete a step in their browser before it runs the tool (-32042). */
  onBrowserStep?: StepAsker;
  /** The user completed those steps: the call is sent again. */
  onRerun?: (message: string) => void;
};

/** A connector that could not be connected after the retry, as the chat reports it. */
export class ConnectorUnavailableError extends AppError {
  constructor(
    readonly connectorId: string,
    readonly connectorName: string,
    code: string,
    message: string,
  ) {
    super(isAppErrorCode(code) ? code : "TOOL_FAILED", message);
  }
}

function reauthError(err: unknown): AppError | null {
  for (let e = err, i = 0; e && i < 8; e = (e as { cause?: unknown }).cause, i++) {
    if (e instanceof AppError && e.code === "OAUTH_REAUTH_REQUIRED") return e;
  }
  return null;
}

function aborted(signal?: AbortSignal): Error {
  return signal?.reason instanceof Error ? signal.reason : new DOMException("The request was aborted.", "AbortError");
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(aborted(signal));
    };
    signal?.addEventListener("abort", stop, { once: true });
  });
}

/** `work`, or the abort of `signal`, whichever comes first (a shared connection keeps going). */
function unlessAborted<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(aborted(signal));
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(aborted(signal));
    signal.addEventListener("abort", stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", stop));
  });
}

function describe(c: ToolsetConnector, err: unknown): { code: string; message: string } {
  const reauth = reauthError(err);
  if (reauth) return { code: reauth.code, message: `${reauth.message} (Connectors panel: “Sign in again”.)` };
  if (err instanceof AppError && err.code !== "INTERNAL") return { code: err.code, message: err.message };
  return classifyFailure(err, [], new URL(c.url), false, env().MCP_TEST_TIMEOUT_MS);
}

/**
 * Makes sure the connector has a live connection whose tool list is known (reading it
 * also brings the stored snapshot up to date), trying once more after a pause.
 */
async function connect(c: ToolsetConnector, ctx: RunContext): Promise<void> {
  const pool = mcpPool();
  const auth = () => connectionAuth(c);
  let last: unknown;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await unlessAborted(pool.listTools(c, auth, env().MCP_TEST_TIMEOUT_MS), ctx.signal);
      return;
    } catch (err) {
      if (ctx.signal?.aborted) throw err;
      last = err;
      logger().warn(
        { event: "connector.connect", userId: c.userId, connectorId: c.id, attempt: attempt + 1, outcome: "failed" },
        "connector failed to connect",
      );
      // Waiting will not help a connector that needs the user to sign in again.
      if (attempt > 0 || reauthError(err)) break;
      const delayMs = env().CONNECTOR_RETRY_DELAY_MS;
      ctx.onRetry?.({ delayMs, ...describe(c, err) });
      await pause(delayMs, ctx.signal);
    }
  }
  const failure = describe(c, last);
  throw new ConnectorUnavailableError(c.id, c.name, failure.code, failure.message);
}

export async function callConnectorTool(
  c: ToolsetConnector,
  toolName: string,
  args: unknown,
  ctx: RunContext = {},
): Promise<RunResult> {
  await connect(c, ctx);
  const input = (args && typeof args === "object" ? args : {}) as Record<string, unknown>;
  const call = () =>
    mcpPool().callTool(c, () => connectionAuth(c), toolName, input, env().TOOL_CALL_TIMEOUT_MS, {
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      ...(ctx.onProgress ? { onProgress: ctx.onProgress } : {}),
      ...(ctx.onElicit ? { onElicit: ctx.onElicit } : {}),
      maxTotalMs: env().TOOL_CALL_MAX_MS,
    });
  for (let retries = 0; ; retries++) {
    try {
      return fromMcpResult(await call(), mcpPool().outputSchema(c, toolName));
    } catch (err) {
      // The server did not run the tool: it needs the user in their browser first.
      if (!isUrlElicitationRequired(err) || ctx.signal?.aborted) throw err;
      logger().info(
        { event: "tool.browser_steps", userId: c.userId, connectorId: c.id, retries },
        "server needs a step in the user's browser",
      );
      await completeBrowserSteps(c.name, err, retries, ctx.onBrowserStep);
      ctx.onRerun?.(`${c.name}: the step in your browser is done; running the tool again.`);
    }
  }
}
