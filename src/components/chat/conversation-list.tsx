"use client";

import { MessageSquarePlus, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { RelativeTime } from "@/components/ui/relative-time";

export type ConversationSummary = { id: string; title: string; updatedAt: Date };

/**
 * The user's conversations: open one, start a new one, delete one after confirming. The
 * same list sits in the sidebar on a wide screen and in a drawer on a phone.
 */
export function ConversationList({
  conversations,
  loading,
  activeId,
  onOpen,
  onNew,
  onDelete,
  deleting,
  deleteError,
  loadError,
}: {
  conversations: ConversationSummary[] | undefined;
  loading: boolean;
  activeId: string;
  onOpen: (id: string) => void;
  onNew: () => void;
  onDelete: (c: ConversationSummary, done: () => void) => void;
  deleting: boolean;
  deleteError: string | null;
  loadError: string | null;
}) {
  const [confirming, setConfirming] = useState<ConversationSummary | null>(null);
  return (
    <div className="flex flex-col gap-3 p-3">
      <Button variant="primary" onClick={onNew} className="w-full">
        <MessageSquarePlus aria-hidden="true" className="size-4" />
        New chat
      </Button>
      {loading && <p className="text-sm text-muted">Loading…</p>}
      {conversations?.length === 0 && <p className="text-sm text-muted">No conversations yet.</p>}
      {loadError && (
        <p className="text-sm text-danger" role="alert">
          {loadError}
        </p>
      )}
      <ul className="flex flex-col gap-0.5" aria-label="Conversations">
        {conversations?.map((c) => (
          <li key={c.id} className={cn("group flex items-center rounded-lg", c.id === activeId && "bg-accent-soft")}>
            <button
              type="button"
              className="flex min-w-0 grow flex-col items-start rounded-lg px-2 py-1.5 text-left hover:bg-subtle"
              aria-current={c.id === activeId ? "true" : undefined}
              onClick={() => onOpen(c.id)}
            >
              <span className="w-full truncate text-sm">{c.title}</span>
              <span className="text-xs text-muted">
                <RelativeTime date={c.updatedAt} />
              </span>
            </button>
            <Button
              variant="ghost"
              size="icon"
              className="size-8 text-muted hover:text-danger"
              aria-label={`Delete conversation ${c.title}`}
              onClick={() => setConfirming(c)}
            >
              <Trash2 aria-hidden="true" className="size-4" />
            </Button>
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={confirming !== null}
        onOpenChange={(open) => !open && setConfirming(null)}
        title="Delete this conversation?"
        description={`“${confirming?.title ?? ""}” and its messages are deleted. Tool calls stay in your history and analytics.`}
        confirmLabel="Delete conversation"
        pendingLabel="Deleting…"
        pending={deleting}
        error={deleteError}
        onConfirm={() => confirming && onDelete(confirming, () => setConfirming(null))}
      />
    </div>
  );
}
