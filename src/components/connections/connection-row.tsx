"use client";

import { Pencil, Trash2 } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Switch } from "@/components/ui/switch";

/**
 * One saved connection in a list: its mark, name and status, where it points, its health,
 * an on/off switch, the feature's own actions, then Edit and Delete (when `editable`), and
 * what opens below the row (`children`).
 */
export function ConnectionRow({
  name,
  testId,
  mark,
  markClassName,
  status,
  summary,
  health,
  enabled,
  toggling,
  onToggle,
  actions,
  editable = true,
  onEdit,
  onDelete,
  children,
}: {
  name: string;
  testId: string;
  /** The square before the name (decorative). */
  mark: ReactNode;
  markClassName?: string;
  status: ReactNode;
  /** Lines under the name: where it points, who it is signed in as. */
  summary: ReactNode;
  health: ReactNode;
  enabled: boolean;
  toggling: boolean;
  /** Settles once the change was saved or refused and the list fetched again. */
  onToggle: (enabled: boolean) => Promise<unknown>;
  /** Shown after the switch, before Edit and Delete. */
  actions?: ReactNode;
  editable?: boolean;
  onEdit: () => void;
  onDelete: () => void;
  children?: ReactNode;
}) {
  // The switch moves at once; once the change settles (saved or refused) the list has been
  // fetched again and the saved value replaces it: a refused change shows the old state.
  const [optimistic, setOptimistic] = useState<boolean | null>(null);
  return (
    <li className="flex min-w-0 flex-col gap-3 py-4 first:pt-0 last:pb-0" data-testid={testId} aria-label={name}>
      <div className="flex min-w-0 items-start gap-3">
        <span
          aria-hidden="true"
          className={cn(
            "grid size-9 shrink-0 place-items-center rounded-lg bg-accent-soft text-accent-text",
            markClassName,
          )}
        >
          {mark}
        </span>
        <div className="min-w-0 grow">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <h3 className="min-w-0 font-semibold break-words">{name}</h3>
            {status}
          </div>
          {summary}
        </div>
      </div>
      {health}
      <div className="flex flex-wrap items-center gap-2">
        <Switch
          checked={optimistic ?? enabled}
          disabled={toggling}
          label={`Enable ${name}`}
          onCheckedChange={(checked) => {
            setOptimistic(checked);
            void onToggle(checked).finally(() => setOptimistic(null));
          }}
        />
        {actions}
        <span className="grow" />
        {editable && (
          <>
            <Button size="sm" onClick={onEdit} aria-label={`Edit ${name}`}>
              <Pencil aria-hidden="true" className="size-3.5" />
              Edit
            </Button>
            <Button size="sm" variant="danger" onClick={onDelete} aria-label={`Delete ${name}`}>
              <Trash2 aria-hidden="true" className="size-3.5" />
              Delete
            </Button>
          </>
        )}
      </div>
      {children}
    </li>
  );
}
