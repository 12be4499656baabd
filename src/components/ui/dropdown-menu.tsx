"use client";

import * as M from "@radix-ui/react-dropdown-menu";
import type { ReactNode } from "react";
import { cn } from "./cn";

export const DropdownMenu = M.Root;
export const DropdownMenuTrigger = M.Trigger;

/** A menu of actions (arrow keys, type-ahead, Escape), placed where it fits. */
export function DropdownMenuContent({
  children,
  label,
  align = "end",
}: {
  children: ReactNode;
  label?: ReactNode;
  align?: "start" | "end";
}) {
  return (
    <M.Portal>
      <M.Content
        align={align}
        sideOffset={6}
        collisionPadding={8}
        className="z-50 min-w-48 max-w-[calc(100vw-1rem)] rounded-xl border border-border bg-surface p-1 shadow-lg"
      >
        {label && <M.Label className="truncate px-2 py-1.5 text-xs text-muted">{label}</M.Label>}
        {children}
      </M.Content>
    </M.Portal>
  );
}

export function DropdownMenuItem({
  children,
  onSelect,
  danger = false,
  className,
}: {
  children: ReactNode;
  onSelect: () => void;
  danger?: boolean;
  className?: string;
}) {
  return (
    <M.Item
      onSelect={onSelect}
      className={cn(
        "flex cursor-pointer items-center gap-2 rounded-md px-2 py-2 text-sm outline-none select-none data-[highlighted]:bg-subtle",
        danger && "text-danger",
        className,
      )}
    >
      {children}
    </M.Item>
  );
}

export const DropdownMenuSeparator = () => <M.Separator className="my-1 h-px bg-border" />;
