"use client";

import * as A from "@radix-ui/react-alert-dialog";
import type { ReactNode } from "react";
import { Button } from "./button";
import { Callout } from "./callout";
import { Spinner } from "./spinner";

/**
 * Asks before a destructive action. It stays open while the action runs, and an error is
 * shown inside it (a dialog would otherwise hide the page's own error message). Focus
 * starts on Cancel, the safe choice.
 */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  pendingLabel,
  onConfirm,
  pending = false,
  error,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  onConfirm: () => void;
  pending?: boolean;
  error?: string | null;
}) {
  return (
    <A.Root open={open} onOpenChange={(o) => !pending && onOpenChange(o)}>
      <A.Portal>
        <A.Overlay className="fixed inset-0 z-50 bg-overlay" />
        <A.Content className="fixed top-1/2 left-1/2 z-50 flex w-[min(28rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 flex-col gap-3 rounded-2xl border border-border bg-surface p-5 shadow-xl">
          <A.Title className="text-lg font-semibold break-words">{title}</A.Title>
          <A.Description className="text-sm text-muted">{description}</A.Description>
          {error && (
            <Callout tone="danger" role="alert">
              {error}
            </Callout>
          )}
          <div className="mt-1 flex flex-wrap justify-end gap-2">
            <A.Cancel asChild>
              <Button disabled={pending}>Cancel</Button>
            </A.Cancel>
            <Button variant="danger-solid" disabled={pending} onClick={onConfirm}>
              {pending && <Spinner />}
              {pending ? (pendingLabel ?? confirmLabel) : confirmLabel}
            </Button>
          </div>
        </A.Content>
      </A.Portal>
    </A.Root>
  );
}
