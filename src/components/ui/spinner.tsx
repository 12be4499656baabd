"use client";

import { useEffect, useState } from "react";
import { cn } from "./cn";

/** A small rotating ring; decorative, so the text next to it says what is happening. */
export function Spinner({ className }: { className?: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      aria-hidden="true"
      className={cn("size-4 shrink-0 animate-spin motion-reduce:animate-none", className)}
    >
      <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" strokeOpacity="0.25" strokeWidth="3" />
      <path d="M21 12a9 9 0 0 0-9-9" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}

/** Seconds since `running` became true, ticking every 100 ms; null when not running. */
export function useElapsed(running: boolean): number | null {
  const [started, setStarted] = useState<number | null>(null);
  const [now, setNow] = useState(0);
  useEffect(() => {
    if (!running) {
      setStarted(null);
      return;
    }
    const start = Date.now();
    setStarted(start);
    setNow(start);
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, [running]);
  return started === null ? null : Math.max(0, now - started) / 1000;
}

/** "3.4 s": how long something has been running, so a slow step never looks stuck. */
export function ElapsedTime({ running, className }: { running: boolean; className?: string }) {
  const seconds = useElapsed(running);
  if (seconds === null) return null;
  return (
    <span className={cn("font-mono text-xs text-muted tabular-nums", className)} data-testid="elapsed">
      {seconds.toFixed(1)} s
    </span>
  );
}
