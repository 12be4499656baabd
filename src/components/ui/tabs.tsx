"use client";

import * as T from "@radix-ui/react-tabs";
import type { ReactNode } from "react";
import { cn } from "./cn";

export const Tabs = T.Root;

/** Tab buttons (arrow keys move between them), scrolling sideways on a narrow screen. */
export function TabsList({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <T.List
      aria-label={label}
      className={cn("flex max-w-full gap-1 overflow-x-auto border-b border-border", className)}
    >
      {children}
    </T.List>
  );
}

export function TabsTrigger({ value, children }: { value: string; children: ReactNode }) {
  return (
    <T.Trigger
      value={value}
      className="-mb-px shrink-0 border-b-2 border-transparent px-3 py-2 text-sm font-medium text-muted hover:text-fg data-[state=active]:border-accent data-[state=active]:text-fg"
    >
      {children}
    </T.Trigger>
  );
}

export function TabsContent({
  value,
  children,
  className,
}: {
  value: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <T.Content value={value} className={cn("pt-3", className)}>
      {children}
    </T.Content>
  );
}
