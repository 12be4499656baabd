"use client";

import type { OAuthStartResponse } from "@/lib/schemas/connectors";
import { watchPopup } from "../oauth/watch-popup";

/** A sign-in refused in the browser, with a reason meant for the user. */
export class SignInRefused extends Error {
  override readonly name = "SignInRefused";
}

export type SignInOutcome =
  | { ok: true; attemptId: string; account: string | null }
  | { ok: false; message: string; cancelled?: boolean }
  /** The browser blocked the window: `retry` opens it again from the user's next click. */
  | { ok: false; message: string; blocked: OAuthStartResponse };

export const POPUP_BLOCKED =
  "Your browser blocked the sign-in window. Use “Open the sign-in window”, or allow pop-ups for this site.";

/**
 * Opens the authorization page of a started sign-in and waits for the callback page's
 * answer (or the user closing the window). Call it from a click when it may be the first
 * window of the page: browsers block windows opened later.
 */
export async function openSignInWindow(started: OAuthStartResponse): Promise<SignInOutcome> {
  // The window shares our origin only if we let it: never hand it a script URL.
  if (!/^https?:$/.test(new URL(started.authorizeUrl).protocol))
    throw new SignInRefused("The server's sign-in address is not a web address.");
  const popup = window.open(started.authorizeUrl, "connectors-oauth", "width=520,height=700");
  if (!popup) return { ok: false, message: POPUP_BLOCKED, blocked: started };
  const end = await watchPopup(popup, (d) => d.kind === "connector" && d.attemptId === started.attemptId).ended;
  if (end.closed)
    return { ok: false, cancelled: true, message: "The sign-in window was closed before signing in finished." };
  return end.data.ok
    ? { ok: true, attemptId: started.attemptId, account: end.data.account ?? null }
    : { ok: false, message: end.data.message ?? "The sign-in failed." };
}

/**
 * A connector's OAuth sign-in: discovery first (`start`), with no window open, so a server
 * that needs no sign-in or has none to offer is reported without an empty pop-up; then
 * the sign-in page in a pop-up. Browsers let a click open a window for a few seconds, which
 * discovery fits in; when it was blocked anyway the outcome says so and carries the
 * started sign-in for a second click.
 */
export async function signInWithPopup(
  start: () => Promise<OAuthStartResponse>,
  onStarted?: (s: OAuthStartResponse) => void,
): Promise<SignInOutcome> {
  const started = await start();
  onStarted?.(started);
  return openSignInWindow(started);
}
