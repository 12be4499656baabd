"use client";

import * as T from "@radix-ui/react-tooltip";
import type { ReactNode } from "react";

export const TooltipProvider = T.Provider;

/**
 * A hint on hover and keyboard focus. Only ever extra: anything a person needs to know
 * (why a button is disabled) is visible text, not a tooltip.
 */
export function Tooltip({ content, children }: { content: ReactNode; children: ReactNode }) {
  return (
    <T.Root>
      <T.Trigger asChild>{children}</T.Trigger>
      <T.Portal>
        <T.Content sideOffset={6} className="z-50 max-w-xs rounded-md bg-fg px-2 py-1 text-xs text-bg shadow-md">
          {content}
        </T.Content>
      </T.Portal>
    </T.Root>
  );
}
