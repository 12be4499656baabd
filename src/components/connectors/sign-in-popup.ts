"use client";

import type { OAuthStartResponse } from "@/lib/schemas/connectors";
import { watchPopup } from "../oauth/watch-popup";

/** A sign-in refused in the browser, with a reason meant for the user. */
export class SignInRefused extends Error {
  override readonly name = "SignInRefused";
}

export type SignInOutcome =
  { ok: true; attemptId: string; account: string | null } | { ok: false; message: string; cancelled?: boolean };

/**
 * A connector's OAuth sign-in in a popup. The window opens at once (inside the click, so
 * pop-up blockers allow it), waits on a neutral page while `start` runs discovery, then
 * goes to the authorization server. Ends when the callback page reports back or the user
 * closes the window.
 */
export async function signInWithPopup(
  start: () => Promise<OAuthStartResponse>,
  onStarted?: (s: OAuthStartResponse) => void,
): Promise<SignInOutcome> {
  const popup = window.open("about:blank", "connectors-oauth", "width=520,height=700");
  if (!popup)
    return {
      ok: false,
      message: "Your browser blocked the sign-in window. Allow pop-ups for this site and try again.",
    };
  try {
    popup.document.title = "Connector sign-in";
    popup.document.body.style.font = "16px system-ui, sans-serif";
    popup.document.body.textContent = "Finding the server’s sign-in page…";
  } catch {
    // Not scriptable in this browser: the page stays blank for a moment.
  }
  let started: OAuthStartResponse;
  try {
    started = await start();
    // This window shares our origin until it navigates: never hand it a script URL.
    if (!/^https?:$/.test(new URL(started.authorizeUrl).protocol))
      throw new SignInRefused("The server's sign-in address is not a web address.");
  } catch (err) {
    popup.close();
    throw err;
  }
  onStarted?.(started);
  popup.location.href = started.authorizeUrl;
  const end = await watchPopup(popup, (d) => d.kind === "connector" && d.attemptId === started.attemptId).ended;
  if (end.closed)
    return { ok: false, cancelled: true, message: "The sign-in window was closed before signing in finished." };
  return end.data.ok
    ? { ok: true, attemptId: started.attemptId, account: end.data.account ?? null }
    : { ok: false, message: end.data.message ?? "The sign-in failed." };
}
