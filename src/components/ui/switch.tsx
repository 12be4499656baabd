"use client";

import * as S from "@radix-ui/react-switch";
import { cn } from "./cn";

/**
 * An on/off switch (role "switch", Space toggles it). `label` names it for assistive
 * technology, e.g. "Enable Team docs"; the visible state text sits beside it.
 */
export function Switch({
  checked,
  onCheckedChange,
  label,
  disabled,
  showState = true,
  className,
}: {
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
  label: string;
  disabled?: boolean;
  showState?: boolean;
  className?: string;
}) {
  return (
    <span className={cn("inline-flex items-center gap-2", className)}>
      <S.Root
        checked={checked}
        onCheckedChange={onCheckedChange}
        disabled={disabled}
        aria-label={label}
        className={cn(
          "relative inline-flex h-6 w-10 shrink-0 cursor-pointer items-center rounded-full border border-strong-border bg-subtle transition-colors",
          "data-[state=checked]:border-accent data-[state=checked]:bg-accent disabled:cursor-not-allowed disabled:opacity-55",
        )}
      >
        <S.Thumb className="block size-4.5 translate-x-0.5 rounded-full bg-surface shadow ring-1 ring-border transition-transform data-[state=checked]:translate-x-[1.05rem]" />
      </S.Root>
      {showState && (
        <span aria-hidden="true" className="w-7 text-sm text-muted">
          {checked ? "On" : "Off"}
        </span>
      )}
    </span>
  );
}
