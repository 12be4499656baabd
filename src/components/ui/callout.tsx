import type { ReactNode } from "react";
import { cn } from "./cn";
import type { Tone } from "./badge";

const TONES: Record<Tone, string> = {
  neutral: "border-border bg-subtle text-fg",
  accent: "border-transparent bg-accent-soft text-fg",
  ok: "border-transparent bg-ok-soft text-fg",
  warn: "border-transparent bg-warn-soft text-fg",
  danger: "border-transparent bg-danger-soft text-fg",
};

/** A message in the flow of the page: an error (role alert), a status, or a note. */
export function Callout({
  tone = "neutral",
  role,
  className,
  children,
  ...rest
}: {
  tone?: Tone;
  role?: "alert" | "status";
  className?: string;
  children: ReactNode;
  "data-testid"?: string;
}) {
  return (
    <div
      role={role}
      className={cn("rounded-lg border px-3 py-2 text-sm break-words", TONES[tone], className)}
      {...rest}
    >
      {children}
    </div>
  );
}
