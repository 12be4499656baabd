"use client";

import { cn } from "@/components/ui/cn";

/** A tool source's tools as buttons: picking one makes the agent use it for the next message. */
export function ToolChoices({
  tools,
  isSelected,
  onPick,
  disabled,
}: {
  tools: { name: string; title?: string; description?: string }[];
  isSelected: (name: string) => boolean;
  onPick: (name: string) => void;
  disabled?: boolean;
}) {
  if (tools.length === 0) return <p className="pl-12 text-sm text-muted">No tools.</p>;
  return (
    <ul className="flex flex-col gap-1 sm:pl-12">
      {tools.map((t) => (
        <li key={t.name}>
          <button
            type="button"
            className={cn(
              "flex w-full min-w-0 flex-col items-start rounded-lg border border-transparent px-3 py-2 text-left text-sm hover:bg-subtle disabled:cursor-not-allowed disabled:opacity-55",
              isSelected(t.name) && "border-accent bg-accent-soft",
            )}
            disabled={disabled}
            onClick={() => onPick(t.name)}
            aria-pressed={isSelected(t.name)}
          >
            <span className="font-medium break-words">{t.title || t.name}</span>
            {t.description && t.description !== t.title && (
              <span className="text-muted break-words">{t.description}</span>
            )}
          </button>
        </li>
      ))}
    </ul>
  );
}
