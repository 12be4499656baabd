"use client";

import * as D from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "./button";
import { cn } from "./cn";

export const Dialog = D.Root;
export const DialogTrigger = D.Trigger;
export const DialogClose = D.Close;

/**
 * A modal dialog that always fits the screen: the body scrolls, the footer (with the
 * primary action) stays visible. On a phone it fills the width from the bottom up.
 */
export function DialogContent({
  title,
  description,
  children,
  wide = false,
  className,
  onOpenAutoFocus,
}: {
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  wide?: boolean;
  className?: string;
  onOpenAutoFocus?: (e: Event) => void;
}) {
  return (
    <D.Portal>
      <D.Overlay className="fixed inset-0 z-40 bg-overlay" />
      <D.Content
        onOpenAutoFocus={onOpenAutoFocus}
        {...(description ? {} : { "aria-describedby": undefined })}
        className={cn(
          "fixed inset-x-0 bottom-0 z-50 flex max-h-[calc(100dvh-1rem)] flex-col rounded-t-2xl border border-border bg-surface shadow-xl",
          "sm:inset-auto sm:top-1/2 sm:left-1/2 sm:max-h-[calc(100dvh-4rem)] sm:w-[min(40rem,calc(100vw-2rem))] sm:-translate-x-1/2 sm:-translate-y-1/2 sm:rounded-2xl",
          wide && "sm:w-[min(56rem,calc(100vw-2rem))]",
          className,
        )}
      >
        <div className="flex shrink-0 items-start gap-3 border-b border-border px-4 py-3 sm:px-5">
          <div className="min-w-0 grow">
            <D.Title className="text-lg font-semibold break-words">{title}</D.Title>
            {description && <D.Description className="mt-0.5 text-sm text-muted">{description}</D.Description>}
          </div>
          <D.Close asChild>
            <Button variant="ghost" size="icon" aria-label="Close" className="-mr-2 size-9">
              <X aria-hidden="true" className="size-4" />
            </Button>
          </D.Close>
        </div>
        {children}
      </D.Content>
    </D.Portal>
  );
}

/** The scrolling part of a dialog. */
export function DialogBody({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={cn("min-h-0 grow overflow-y-auto px-4 py-4 sm:px-5", className)}>{children}</div>;
}

/** The footer that never scrolls away: why an action is unavailable, then the actions. */
export function DialogFooter({ children, note }: { children: ReactNode; note?: ReactNode }) {
  return (
    <div className="shrink-0 border-t border-border bg-surface px-4 py-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] sm:rounded-b-2xl sm:px-5">
      {note && <div className="mb-2 text-sm text-muted">{note}</div>}
      <div className="flex flex-wrap items-center justify-end gap-2">{children}</div>
    </div>
  );
}
