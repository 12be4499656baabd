"use client";

import { Plus } from "lucide-react";
import { Fragment, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";

type Saved = { id: string; name: string };

/** The list query, as React Query answers it. */
type ListQuery<T> = {
  data?: T[];
  isPending: boolean;
  isError: boolean;
  error: { message: string } | null;
  refetch: () => unknown;
};

/** The delete mutation, as React Query answers it: the dialog shows its progress and error. */
type RemoveMutation = {
  isPending: boolean;
  error: { message: string } | null;
  reset: () => void;
  mutate: (input: { id: string }, options: { onSuccess: () => void }) => void;
};

type Editing<T> = { kind: "add" } | { kind: "edit"; item: T } | null;

/**
 * A user's saved connections (connectors, databases) with Add, Edit and Delete: the list
 * with its loading and error states, the add/edit dialog around the feature's form, and
 * the confirmation before deleting. Saving or deleting refreshes the list, then says so.
 */
export function ConnectionManager<T extends Saved>({
  noun: { one, many },
  headingExtra,
  addDisabled,
  addDescribedBy,
  autoOpenAdd = false,
  notice,
  actionError,
  list,
  empty,
  renderRow,
  renderForm,
  refresh,
  remove,
  deleteDescription,
}: {
  /** What is listed, for its texts: "connector", "connectors" gives "Your connectors", "Add connector", "Add a connector"… */
  noun: { one: string; many: string };
  /** After "Your connectors" in the heading. */
  headingExtra?: ReactNode;
  addDisabled: boolean;
  addDescribedBy?: string;
  autoOpenAdd?: boolean;
  /** Under the heading: the limit, and why Add is unavailable. */
  notice?: ReactNode;
  /** What went wrong with the last action on a row. */
  actionError: string | null;
  list: ListQuery<T>;
  empty?: ReactNode;
  renderRow: (item: T, open: { edit: () => void; delete: () => void }) => ReactNode;
  renderForm: (form: { initial?: T; onSaved: (saved: T) => void; onCancel: () => void }) => ReactNode;
  refresh: () => Promise<unknown>;
  remove: RemoveMutation;
  deleteDescription: string;
}) {
  const toast = useToast();
  const [editing, setEditing] = useState<Editing<T>>(autoOpenAdd ? { kind: "add" } : null);
  const [deleting, setDeleting] = useState<T | null>(null);
  const headingId = `${many}-heading`;
  return (
    <section className="flex min-w-0 flex-col gap-4" aria-labelledby={headingId}>
      <div className="flex flex-wrap items-center gap-3">
        <h2 id={headingId} className="min-w-0 grow text-lg font-semibold">
          Your {many}
          {headingExtra}
        </h2>
        <Button
          variant="primary"
          onClick={() => setEditing({ kind: "add" })}
          disabled={addDisabled}
          aria-describedby={addDescribedBy}
        >
          <Plus aria-hidden="true" className="size-4" />
          Add {one}
        </Button>
      </div>
      {notice}
      {actionError && (
        <Callout tone="danger" role="alert">
          {actionError}
        </Callout>
      )}
      {list.isPending && <p className="text-sm text-muted">Loading your {many}…</p>}
      {list.isError && (
        <Callout tone="danger" role="alert" className="flex flex-wrap items-center gap-2">
          <span className="grow">
            Your {many} could not be loaded: {list.error?.message}
          </span>
          <Button size="sm" onClick={() => void list.refetch()}>
            Try again
          </Button>
        </Callout>
      )}
      {list.data?.length === 0 && empty}
      {list.data && list.data.length > 0 && (
        <ul className="flex flex-col divide-y divide-border" aria-label={`${many[0]!.toUpperCase()}${many.slice(1)}`}>
          {list.data.map((item) => (
            <Fragment key={item.id}>
              {renderRow(item, {
                edit: () => setEditing({ kind: "edit", item }),
                delete: () => {
                  remove.reset();
                  setDeleting(item);
                },
              })}
            </Fragment>
          ))}
        </ul>
      )}
      <Dialog open={editing !== null} onOpenChange={(open) => !open && setEditing(null)}>
        {editing && (
          <DialogContent title={editing.kind === "edit" ? `Edit ${editing.item.name}` : `Add a ${one}`}>
            <Fragment key={editing.kind === "edit" ? editing.item.id : "add"}>
              {renderForm({
                initial: editing.kind === "edit" ? editing.item : undefined,
                onSaved: (saved) =>
                  void refresh().then(() => {
                    setEditing(null);
                    toast({ title: `${saved.name} saved`, tone: "ok" });
                  }),
                onCancel: () => setEditing(null),
              })}
            </Fragment>
          </DialogContent>
        )}
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={`Delete “${deleting?.name ?? ""}”?`}
        description={deleteDescription}
        confirmLabel={`Delete ${deleting?.name ?? ""}`}
        pendingLabel="Deleting…"
        pending={remove.isPending}
        error={remove.error?.message}
        onConfirm={() => {
          if (!deleting) return;
          const name = deleting.name;
          remove.mutate(
            { id: deleting.id },
            {
              onSuccess: () => {
                setDeleting(null);
                toast({ title: `${name} deleted` });
              },
            },
          );
        }}
      />
    </section>
  );
}
