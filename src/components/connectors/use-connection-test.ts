"use client";

import { useEffect, useRef, useState } from "react";
import type {
  ConnectorTestRequest,
  ConnectorTestResponse,
  OAuthStartRequest,
  OAuthStartResponse,
  TestStep,
} from "@/lib/schemas/connectors";
import { api, isApiError } from "@/trpc/react";
import type { OAuthProgress } from "./connection-tester";
import { openSignInWindow, POPUP_BLOCKED, SignInRefused, signInWithPopup, type SignInOutcome } from "./sign-in-popup";

export type TestState = {
  steps: TestStep[];
  result: ConnectorTestResponse | null;
  /** What the last finished test was run with, to tell whether it still holds. */
  testedFingerprint: string | null;
  testing: boolean;
  oauth: OAuthProgress | null;
  /** A sign-in whose window the browser blocked, waiting for a click. */
  blocked: OAuthStartResponse | null;
  error: string | null;
};

const IDLE: TestState = {
  steps: [],
  result: null,
  testedFingerprint: null,
  testing: false,
  oauth: null,
  blocked: null,
  error: null,
};

/**
 * The live connection test of the connector form, and its OAuth sign-in. One test runs at
 * a time; Cancel aborts the request, which stops the test on the server too.
 */
export function useConnectionTest() {
  const utils = api.useUtils();
  const [state, setState] = useState<TestState>(IDLE);
  const running = useRef<AbortController | null>(null);
  const set = (patch: Partial<TestState>) => setState((s) => ({ ...s, ...patch }));
  useEffect(() => () => running.current?.abort(), []);

  async function run(request: ConnectorTestRequest, fingerprint: string) {
    running.current?.abort();
    const abort = new AbortController();
    running.current = abort;
    setState((s) => ({ ...s, steps: [], result: null, testing: true, error: null, blocked: null }));
    try {
      const events = await utils.client.connectors.testLive.mutate(request, { signal: abort.signal });
      for await (const ev of events) {
        if (abort.signal.aborted) return;
        if (ev.type === "step") setState((s) => ({ ...s, steps: [...s.steps, ev.step] }));
        else setState((s) => ({ ...s, result: ev.result, steps: ev.result.steps, testedFingerprint: fingerprint }));
      }
    } catch (err) {
      if (!abort.signal.aborted)
        set({ error: isApiError(err) ? err.message : "The test could not be run. Please try again." });
    } finally {
      if (running.current === abort) {
        running.current = null;
        set({ testing: false });
      }
    }
  }

  /** Stops the running test (or sign-in wait): nothing it found is kept. */
  function cancel() {
    running.current?.abort();
    running.current = null;
    setState((s) => ({ ...s, testing: false, steps: [], result: null, oauth: null }));
  }

  function finishSignIn(outcome: SignInOutcome): string | null {
    if (outcome.ok) {
      setState((s) => ({
        ...s,
        blocked: null,
        oauth: {
          ...(s.oauth ?? { steps: [] }),
          phase: "signed_in",
          message: outcome.account ? `Signed in as ${outcome.account}.` : undefined,
        },
      }));
      return outcome.attemptId;
    }
    const blocked = "blocked" in outcome ? outcome.blocked : null;
    setState((s) => ({
      ...s,
      testing: false,
      blocked,
      oauth: { ...(s.oauth ?? { steps: [] }), phase: "failed", message: blocked ? POPUP_BLOCKED : outcome.message },
    }));
    return null;
  }

  function signInFailed(err: unknown) {
    const steps =
      isApiError(err) && Array.isArray(err.data?.details?.steps)
        ? (err.data.details.steps as OAuthProgress["steps"])
        : [];
    const notNeeded = isApiError(err) && err.data?.details?.signInNotNeeded === true;
    set({
      testing: false,
      oauth: {
        phase: "failed",
        steps,
        notNeeded,
        message:
          isApiError(err) || err instanceof SignInRefused
            ? err.message
            : "The sign-in could not be started. Please try again.",
      },
    });
  }

  /** OAuth: discovery, the sign-in pop-up, then the caller tests with the finished sign-in. */
  async function signIn(request: OAuthStartRequest): Promise<string | null> {
    running.current?.abort();
    running.current = null;
    setState((s) => ({
      ...s,
      steps: [],
      result: null,
      testing: true,
      error: null,
      blocked: null,
      oauth: { phase: "discovering", steps: [] },
    }));
    try {
      const outcome = await signInWithPopup(
        () => utils.client.connectors.oauthStart.mutate(request),
        (s) => set({ oauth: { phase: "signing_in", steps: s.steps, issuer: s.issuer } }),
      );
      return finishSignIn(outcome);
    } catch (err) {
      signInFailed(err);
      return null;
    }
  }

  /** The second click after a blocked pop-up: opens the started sign-in's window. */
  async function reopen(): Promise<string | null> {
    const started = state.blocked;
    if (!started) return null;
    setState((s) => ({
      ...s,
      testing: true,
      blocked: null,
      oauth: { phase: "signing_in", steps: started.steps, issuer: started.issuer },
    }));
    try {
      return finishSignIn(await openSignInWindow(started));
    } catch (err) {
      signInFailed(err);
      return null;
    }
  }

  return { ...state, run, cancel, signIn, reopen, clearError: () => set({ error: null }) };
}
