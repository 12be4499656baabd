"use client";

import * as D from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "./button";
import { cn } from "./cn";

export const Sheet = D.Root;
export const SheetTrigger = D.Trigger;
export const SheetClose = D.Close;

/**
 * A drawer sliding in from a side: the navigation and the conversation list on a phone.
 * It is a modal dialog (focus is trapped, Escape closes it, the page behind is inert).
 */
export function SheetContent({
  title,
  side = "left",
  children,
  className,
}: {
  title: string;
  side?: "left" | "right";
  children: ReactNode;
  className?: string;
}) {
  return (
    <D.Portal>
      <D.Overlay className="fixed inset-0 z-40 bg-overlay" />
      <D.Content
        aria-describedby={undefined}
        className={cn(
          "fixed inset-y-0 z-50 flex w-[min(20rem,calc(100vw-3rem))] flex-col border-border bg-surface shadow-xl",
          side === "left" ? "left-0 border-r" : "right-0 border-l",
          className,
        )}
      >
        <div className="flex shrink-0 items-center gap-2 border-b border-border px-4 py-2">
          <D.Title className="grow text-base font-semibold">{title}</D.Title>
          <D.Close asChild>
            <Button variant="ghost" size="icon" aria-label="Close" className="-mr-2">
              <X aria-hidden="true" className="size-4" />
            </Button>
          </D.Close>
        </div>
        <div className="min-h-0 grow overflow-y-auto">{children}</div>
      </D.Content>
    </D.Portal>
  );
}
