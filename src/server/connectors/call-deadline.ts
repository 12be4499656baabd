// A tool call's deadline: `idleMs` without news from the server ends it, each progress
// report starts that wait again, and `maxMs` bounds the whole call. While the server waits
// for the user (an elicitation) the clock stops: the user's time is not the server's.
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
