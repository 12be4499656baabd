"use client";

import { cn } from "@/components/ui/cn";

/** A server's tools by title (their name underneath when it differs), with descriptions. */
export function ToolList({
  tools,
  label,
  className,
  empty,
}: {
  tools: { name: string; title?: string; description?: string }[];
  label?: string;
  className?: string;
  empty?: string;
}) {
  return (
    <ul className={cn("flex flex-col divide-y divide-border text-sm", className)} aria-label={label}>
      {tools.length === 0 && empty && <li className="py-2 text-muted">{empty}</li>}
      {tools.map((t) => (
        <li key={t.name} className="flex min-w-0 flex-col py-2">
          <span className="font-medium break-words">
            {t.title || t.name}
            {t.title && t.title !== t.name && <code className="ml-2 text-xs font-normal text-muted">{t.name}</code>}
          </span>
          {t.description && <span className="text-muted break-words">{t.description}</span>}
        </li>
      ))}
    </ul>
  );
}
