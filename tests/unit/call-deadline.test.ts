// A tool call's clock: silence ends it, progress restarts the wait within a maximum, and
// the user's time to answer a server's question does not count.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CallDeadline } from "@/server/connectors/call-deadline";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const reason = (d: CallDeadline) => (d.signal.reason as DOMException | undefined)?.name;

describe("CallDeadline", () => {
  it("ends a silent call after the idle time, as a TimeoutError", () => {
    const d = new CallDeadline(1_000, 5_000);
    vi.advanceTimersByTime(999);
    expect(d.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(reason(d)).toBe("TimeoutError");
  });

  it("gives the idle time again on each progress report, never past the maximum", () => {
    const d = new CallDeadline(1_000, 2_500);
    for (let i = 0; i < 3; i++) {
      vi.advanceTimersByTime(800);
      d.progress();
    }
    expect(d.signal.aborted).toBe(false); // 2 400 ms in
    vi.advanceTimersByTime(100);
    expect(reason(d)).toBe("TimeoutError"); // the maximum, not 1 000 ms after the last report
    d.progress(); // too late: nothing to restart
    expect(d.signal.aborted).toBe(true);
  });

  it("stops the clock while paused (pauses nest), then resumes where it was", () => {
    const d = new CallDeadline(1_000, 1_500);
    vi.advanceTimersByTime(900);
    d.pause();
    d.pause();
    vi.advanceTimersByTime(60_000);
    d.resume();
    expect(d.signal.aborted).toBe(false);
    vi.advanceTimersByTime(60_000);
    d.resume();
    d.resume(); // one too many: ignored
    expect(d.signal.aborted).toBe(false);
    // 900 ms used: 600 ms of the maximum remain, less than the idle time.
    vi.advanceTimersByTime(599);
    expect(d.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(reason(d)).toBe("TimeoutError");
  });

  it("does nothing once disposed", () => {
    const d = new CallDeadline(1_000, 1_000);
    d.dispose();
    vi.advanceTimersByTime(5_000);
    expect(d.signal.aborted).toBe(false);
  });
});
