"use client";

import { Plus } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogBody, DialogContent } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { MAX_DATABASES_PER_USER } from "@/lib/limits";
import type { DatabaseResponse } from "@/lib/schemas/databases";
import { api } from "@/trpc/react";
import { DatabaseRow } from "./database-row";

// The form (its schemas and the live test) loads when a dialog first needs it.
const DatabaseForm = dynamic(() => import("./database-form").then((m) => m.DatabaseForm), {
  ssr: false,
  loading: () => <DialogBody className="text-sm text-muted">Loading the form…</DialogBody>,
});

type Editing = { kind: "add" } | { kind: "edit"; database: DatabaseResponse } | null;

/** The user's databases (the Sample shop first) with add, edit, enable/disable and delete. */
export function DatabasesManager() {
  const list = api.databases.list.useQuery();
  const utils = api.useUtils();
  const toast = useToast();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<DatabaseResponse | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const invalidate = () => Promise.all([utils.databases.list.invalidate(), utils.databases.schema.invalidate()]);
  const toggle = api.databases.toggle.useMutation({
    onSettled: invalidate,
    onError: (e) => setActionError(e.message),
  });
  const remove = api.databases.delete.useMutation({ onSettled: invalidate });

  const own = list.data?.filter((d) => d.kind === "postgres").length ?? 0;
  const full = own >= MAX_DATABASES_PER_USER;
  return (
    <Card>
      <section className="flex min-w-0 flex-col gap-4" aria-labelledby="databases-heading">
        <div className="flex flex-wrap items-center gap-3">
          <h2 id="databases-heading" className="min-w-0 grow text-lg font-semibold">
            Your databases
          </h2>
          <Button
            variant="primary"
            onClick={() => setEditing({ kind: "add" })}
            disabled={full || !list.data}
            aria-describedby="database-limit"
          >
            <Plus aria-hidden="true" className="size-4" />
            Add database
          </Button>
        </div>
        <p id="database-limit" className="text-sm text-muted" data-testid="database-limit">
          {full
            ? `You have ${MAX_DATABASES_PER_USER} databases of your own, the most allowed. Delete one to add another.`
            : `You can add up to ${MAX_DATABASES_PER_USER} PostgreSQL databases of your own${
                list.data ? ` (${own} added so far)` : ""
              }; the Sample shop does not count.`}
        </p>
        {actionError && (
          <Callout tone="danger" role="alert">
            {actionError}
          </Callout>
        )}
        {list.isPending && <p className="text-sm text-muted">Loading your databases…</p>}
        {list.isError && (
          <Callout tone="danger" role="alert" className="flex flex-wrap items-center gap-2">
            <span className="grow">Your databases could not be loaded: {list.error.message}</span>
            <Button size="sm" onClick={() => void list.refetch()}>
              Try again
            </Button>
          </Callout>
        )}
        {list.data && list.data.length > 0 && (
          <ul className="flex flex-col divide-y divide-border" aria-label="Databases">
            {list.data.map((d) => (
              <DatabaseRow
                key={d.id}
                database={d}
                toggling={toggle.isPending && toggle.variables?.id === d.id}
                onToggle={(enabled) => {
                  setActionError(null);
                  return toggle.mutateAsync({ id: d.id, enabled }).catch(() => undefined);
                }}
                onEdit={() => setEditing({ kind: "edit", database: d })}
                onDelete={() => {
                  remove.reset();
                  setDeleting(d);
                }}
              />
            ))}
          </ul>
        )}
        <Dialog open={editing !== null} onOpenChange={(open) => !open && setEditing(null)}>
          {editing && (
            <DialogContent title={editing.kind === "edit" ? `Edit ${editing.database.name}` : "Add a database"}>
              <DatabaseForm
                key={editing.kind === "edit" ? editing.database.id : "add"}
                initial={editing.kind === "edit" ? editing.database : undefined}
                onSaved={(saved) =>
                  void invalidate().then(() => {
                    setEditing(null);
                    toast({ title: `${saved.name} saved`, tone: "ok" });
                  })
                }
                onCancel={() => setEditing(null)}
              />
            </DialogContent>
          )}
        </Dialog>
        <ConfirmDialog
          open={deleting !== null}
          onOpenChange={(open) => !open && setDeleting(null)}
          title={`Delete “${deleting?.name ?? ""}”?`}
          description="The agent can no longer query it, and its saved password is deleted. The database itself is not touched. This cannot be undone."
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
    </Card>
  );
}
