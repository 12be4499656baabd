// Deadlines as abort signals that remember when they fire, so code handed one signal can
// tell a library (the MCP SDK takes a timeout in ms) how much time is left.

export type DeadlineSignal = AbortSignal & { deadline: number };

/** An AbortSignal that fires after `ms` and remembers when. */
export function deadlineSignal(ms: number): DeadlineSignal {
  const signal = AbortSignal.timeout(ms) as DeadlineSignal;
  signal.deadline = Date.now() + ms;
  return signal;
}

/** Milliseconds left before `signal` fires; `fallback` for a signal without a known deadline. */
export function remainingMs(signal: AbortSignal, fallback = 10_000): number {
  // AbortSignal.timeout() does not expose its deadline; deadlineSignal() records it.
  const deadline = (signal as Partial<DeadlineSignal>).deadline;
  return deadline ? Math.max(1, deadline - Date.now()) : fallback;
}
