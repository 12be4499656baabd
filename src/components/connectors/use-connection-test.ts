"use client";

import { useLiveTest, type LiveTestState } from "@/components/connections/use-live-test";
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

type SignInState = {
  oauth: OAuthProgress | null;
  /** A sign-in whose window the browser blocked, waiting for a click. */
  blocked: OAuthStartResponse | null;
};

export type TestState = LiveTestState<TestStep, ConnectorTestResponse> & SignInState;

/**
 * The live connection test of the connector form, and its OAuth sign-in. One test runs at
 * a time; Cancel aborts the request, which stops the test on the server too.
 */
export function useConnectionTest() {
  const utils = api.useUtils();
  const { state, setState, run, cancel, abandon } = useLiveTest<
    ConnectorTestRequest,
    TestStep,
    ConnectorTestResponse,
    SignInState
  >(
    (request, signal) => utils.client.connectors.testLive.mutate(request, { signal }),
    // A new test ends a blocked sign-in; a cancel also ends the sign-in's wait.
    { idle: { oauth: null, blocked: null }, onRun: { blocked: null }, onCancel: { oauth: null } },
  );
  const set = (patch: Partial<TestState>) => setState((s) => ({ ...s, ...patch }));

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
    abandon();
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
