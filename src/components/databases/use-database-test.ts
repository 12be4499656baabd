"use client";

import { useEffect, useRef, useState } from "react";
import type { DatabaseTestRequest, DatabaseTestResponse, DatabaseTestStep } from "@/lib/schemas/databases";
import { api, isApiError } from "@/trpc/react";

export type DatabaseTestState = {
  steps: DatabaseTestStep[];
  result: DatabaseTestResponse | null;
  /** What the last finished test was run with, to tell whether it still holds. */
  testedFingerprint: string | null;
  testing: boolean;
  error: string | null;
};

const IDLE: DatabaseTestState = { steps: [], result: null, testedFingerprint: null, testing: false, error: null };

/**
 * The live connection test of the database form. One test runs at a time; Cancel aborts
 * the request, which stops the test on the server too.
 */
export function useDatabaseTest() {
  const utils = api.useUtils();
  const [state, setState] = useState<DatabaseTestState>(IDLE);
  const running = useRef<AbortController | null>(null);
  useEffect(() => () => running.current?.abort(), []);

  async function run(request: DatabaseTestRequest, fingerprint: string) {
    running.current?.abort();
    const abort = new AbortController();
    running.current = abort;
    setState((s) => ({ ...s, steps: [], result: null, testing: true, error: null }));
    try {
      const events = await utils.client.databases.testLive.mutate(request, { signal: abort.signal });
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

  /** Stops the running test: nothing it found is kept. */
  function cancel() {
    running.current?.abort();
    running.current = null;
    setState((s) => ({ ...s, testing: false, steps: [], result: null }));
  }

  return { ...state, run, cancel };
}
