"use client";

import { useCallback, useEffect, useRef, useState } from "react";

type Outcome = { ok: boolean; message: string };

/**
 * Opens an OAuth authorization URL in a popup and reports how it ended: the callback page
 * posts a message to this window; a popup closed by the user ends it too.
 */
export function useOAuthPopup(onDone: (o: Outcome) => void) {
  const [pending, setPending] = useState(false);
  const timer = useRef<ReturnType<typeof setInterval> | undefined>(undefined);
  const done = useRef(onDone);
  done.current = onDone;

  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      if (e.origin !== window.location.origin) return;
      const data = e.data as { type?: string; ok?: boolean; message?: string } | null;
      if (data?.type !== "connectors:oauth") return;
      clearInterval(timer.current);
      setPending(false);
      done.current({ ok: Boolean(data.ok), message: data.message ?? "" });
    };
    window.addEventListener("message", onMessage);
    return () => {
      window.removeEventListener("message", onMessage);
      clearInterval(timer.current);
    };
  }, []);

  const open = useCallback((url: string) => {
    const popup = window.open(url, "connectors-oauth", "width=520,height=680");
    if (!popup) {
      done.current({ ok: false, message: "Your browser blocked the sign-in window. Allow pop-ups for this site and try again." });
      return;
    }
    setPending(true);
    clearInterval(timer.current);
    timer.current = setInterval(() => {
      if (popup.closed) {
        clearInterval(timer.current);
        setPending(false);
        done.current({ ok: false, message: "" });
      }
    }, 500);
  }, []);

  return { open, pending };
}
