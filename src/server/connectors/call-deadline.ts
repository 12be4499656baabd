// A tool call's deadline: `idleMs` without news from the server ends it, each progress
// report starts that wait again, and `maxMs` bounds the whole call. While the server waits
// for the user (an elicitation) the clock stops: the user's time is not the server's.
import type { ElicitHandler } from "@/server/connectors/mcp-handlers";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { CallToolResultSchema, type CallToolResult, type Progress } from "@modelcontextprotocol/sdk/types.js";

export type CallOptions = {
  /** The server's progress notifications for this call. */
  onProgress?: (p: Progress) => void;
  /** Aborting cancels the call on the server (notifications/cancelled). */
  signal?: AbortSignal;
  /** The server's questions to the user during this call; the call's clock stops meanwhile. */
  onElicit?: ElicitHandler;
  /** The most a call that keeps reporting progress may run (default: `timeoutMs`). */
  maxTotalMs?: number;
};

// The SDK's own request timeout is not used for calls (CallDeadline decides), but it must
// be given a number: the largest a timer takes.
const NO_SDK_TIMEOUT = 2_147_483_647;

export class CallDeadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private readonly started = Date.now();
  private pausedMs = 0;
  private pauses = 0;
  private pausedAt = 0;

  constructor(
    private readonly idleMs: number,
    private readonly maxMs: number,
  ) {
    this.arm();
  }

  /** Aborts with a TimeoutError when the call has run out of time. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private arm(): void {
    clearTimeout(this.timer);
    if (this.pauses > 0 || this.controller.signal.aborted) return;
    const used = Date.now() - this.started - this.pausedMs;
    const wait = Math.min(this.idleMs, this.maxMs - used);
    if (wait <= 0) return this.expire();
    this.timer = setTimeout(() => this.expire(), wait);
  }

  private expire(): void {
    this.controller.abort(new DOMException("The tool did not answer in time.", "TimeoutError"));
  }

  /** The server reported progress: it gets `idleMs` again, within `maxMs`. */
  progress(): void {
    this.arm();
  }

  /** Stops the clock until `resume` (calls nest). */
  pause(): void {
    if (this.pauses++ === 0) {
      clearTimeout(this.timer);
      this.pausedAt = Date.now();
    }
  }

  resume(): void {
    if (this.pauses === 0) return;
    if (--this.pauses === 0) {
      this.pausedMs += Date.now() - this.pausedAt;
      this.arm();
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}

/**
 * One tools/call under its deadline. While it runs, the server's questions on this
 * connection come to this call (`askers`, newest last), with the clock stopped.
 */
export async function callTool(
  client: Client,
  askers: ElicitHandler[],
  name: string,
  args: Record<string, unknown>,
  timeoutMs: number,
  opts: CallOptions,
): Promise<CallToolResult> {
  const deadline = new CallDeadline(timeoutMs, Math.max(timeoutMs, opts.maxTotalMs ?? timeoutMs));
  const signal = opts.signal ? AbortSignal.any([deadline.signal, opts.signal]) : deadline.signal;
  const onElicit = opts.onElicit;
  const asker: ElicitHandler | undefined = onElicit
    ? async (request, ctx) => {
        deadline.pause();
        try {
          return await onElicit(request, { ...ctx, signal: AbortSignal.any([ctx.signal, signal]) });
        } finally {
          deadline.resume();
        }
      }
    : undefined;
  if (asker) askers.push(asker);
  try {
    // A progress callback makes the SDK send a progress token: servers report only then.
    return await client.request({ method: "tools/call", params: { name, arguments: args } }, CallToolResultSchema, {
      signal,
      timeout: NO_SDK_TIMEOUT,
      onprogress: (p) => {
        deadline.progress();
        opts.onProgress?.(p);
      },
    });
  } finally {
    deadline.dispose();
    if (asker) askers.splice(askers.indexOf(asker), 1);
  }
}
