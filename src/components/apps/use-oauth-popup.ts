"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { watchPopup } from "../oauth/watch-popup";

type Outcome = { ok: boolean; message: string };

/**
 * Opens a system tool's OAuth authorization URL in a popup and reports how it ended: the
 * callback page posts a message to this window; a popup closed by the user ends it too.
 */
export function useOAuthPopup(onDone: (o: Outcome) => void) {
  const [pending, setPending] = useState(false);
  const stopWatching = useRef<() => void>(() => undefined);
  const done = useRef(onDone);
  done.current = onDone;

  useEffect(() => () => stopWatching.current(), []);

  const open = useCallback((url: string) => {
    const popup = window.open(url, "connectors-oauth", "width=520,height=680");
    if (!popup) {
      done.current({
        ok: false,
        message: "Your browser blocked the sign-in window. Allow pop-ups for this site and try again.",
      });
      return;
    }
    setPending(true);
    stopWatching.current();
    const watch = watchPopup(popup, (d) => d.toolId !== undefined);
    stopWatching.current = watch.stop;
    void watch.ended.then((end) => {
      setPending(false);
      done.current(
        end.closed ? { ok: false, message: "" } : { ok: Boolean(end.data.ok), message: end.data.message ?? "" },
      );
    });
  }, []);

  return { open, pending };
}
