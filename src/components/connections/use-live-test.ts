"use client";

import { useEffect, useRef, useState } from "react";
import { isApiError } from "@/trpc/react";

/** What a streamed connection test sends: each step as it finishes, then the result. */
export type LiveTestEvent<Step, Result> = { type: "step"; step: Step } | { type: "result"; result: Result };

export type LiveTestState<Step, Result> = {
  steps: Step[];
  result: Result | null;
  /** What the last finished test was run with, to tell whether it still holds. */
  testedFingerprint: string | null;
  testing: boolean;
  error: string | null;
};

/**
 * A live connection test streamed from the server. One test runs at a time; cancel aborts
 * the request, which stops the test on the server too. A caller with state of its own (a
 * sign-in's progress) passes it as `extra`: its idle value, and what a new test and a
 * cancel reset in it.
 */
export function useLiveTest<Request, Step, Result extends { steps: Step[] }, Extra extends object = object>(
  start: (request: Request, signal: AbortSignal) => Promise<AsyncIterable<LiveTestEvent<Step, Result>>>,
  extra: { idle: Extra; onRun?: Partial<Extra>; onCancel?: Partial<Extra> } = { idle: {} as Extra },
) {
  type State = LiveTestState<Step, Result> & Extra;
  const [state, setState] = useState<State>(() => ({
    ...extra.idle,
    steps: [],
    result: null,
    testedFingerprint: null,
    testing: false,
    error: null,
  }));
  const running = useRef<AbortController | null>(null);
  useEffect(() => () => running.current?.abort(), []);

  async function run(request: Request, fingerprint: string) {
    running.current?.abort();
    const abort = new AbortController();
    running.current = abort;
    setState((s) => ({ ...s, steps: [], result: null, testing: true, error: null, ...extra.onRun }));
    try {
      const events = await start(request, abort.signal);
      for await (const ev of events) {
        if (abort.signal.aborted) return;
        if (ev.type === "step") setState((s) => ({ ...s, steps: [...s.steps, ev.step] }));
        else setState((s) => ({ ...s, result: ev.result, steps: ev.result.steps, testedFingerprint: fingerprint }));
      }
    } catch (err) {
      if (!abort.signal.aborted)
        setState((s) => ({
          ...s,
          error: isApiError(err) ? err.message : "The test could not be run. Please try again.",
        }));
    } finally {
      if (running.current === abort) {
        running.current = null;
        setState((s) => ({ ...s, testing: false }));
      }
    }
  }

  /** Forgets the running test without touching the state: something else takes its place. */
  function abandon() {
    running.current?.abort();
    running.current = null;
  }

  /** Stops the running test: nothing it found is kept. */
  function cancel() {
    abandon();
    setState((s) => ({ ...s, testing: false, steps: [], result: null, ...extra.onCancel }));
  }

  return { state, setState, run, cancel, abandon };
}
