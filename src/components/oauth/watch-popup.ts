"use client";

/** What an OAuth callback page posts to the window that opened it. */
export type PopupMessage = {
  type?: string;
  toolId?: string;
  kind?: string;
  attemptId?: string;
  ok?: boolean;
  message?: string;
  account?: string | null;
};

export type PopupEnd = { closed: false; data: PopupMessage } | { closed: true };

/**
 * Waits for an OAuth popup to finish: the callback page's message (same origin, the
 * `connectors:oauth` type, and `matches`), or the user closing the window. `stop` ends
 * the wait without an answer (a component going away).
 */
export function watchPopup(
  popup: Window,
  matches: (data: PopupMessage) => boolean,
): { ended: Promise<PopupEnd>; stop: () => void } {
  let finish: (end: PopupEnd) => void = () => undefined;
  const ended = new Promise<PopupEnd>((resolve) => (finish = resolve));
  let done = false;
  let grace: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    done = true;
    window.removeEventListener("message", onMessage);
    clearInterval(timer);
    clearTimeout(grace);
  };
  const end = (e: PopupEnd) => {
    if (done) return;
    stop();
    finish(e);
  };
  const onMessage = (e: MessageEvent) => {
    if (e.origin !== window.location.origin) return;
    const data = e.data as PopupMessage | null;
    if (data?.type === "connectors:oauth" && matches(data)) end({ closed: false, data });
  };
  window.addEventListener("message", onMessage);
  const timer = setInterval(() => {
    if (!popup.closed) return;
    clearInterval(timer);
    // The callback page posts its message and then closes: give the message a moment.
    grace = setTimeout(() => end({ closed: true }), 500);
  }, 400);
  return { ended, stop };
}
