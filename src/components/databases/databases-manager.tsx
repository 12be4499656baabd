"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import { ConnectionManager } from "@/components/connections/connection-manager";
import { Card } from "@/components/ui/card";
import { DialogBody } from "@/components/ui/dialog";
import { MAX_DATABASES_PER_USER } from "@/lib/limits";
import { api } from "@/trpc/react";
import { DatabaseRow } from "./database-row";

// The form (its schemas and the live test) loads when a dialog first needs it.
const DatabaseForm = dynamic(() => import("./database-form").then((m) => m.DatabaseForm), {
  ssr: false,
  loading: () => <DialogBody className="text-sm text-muted">Loading the form…</DialogBody>,
});

/** The user's databases (the Sample shop first) with add, edit, enable/disable and delete. */
export function DatabasesManager() {
  const list = api.databases.list.useQuery();
  const utils = api.useUtils();
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
      <ConnectionManager
        noun={{ one: "database", many: "databases" }}
        addDisabled={full || !list.data}
        addDescribedBy="database-limit"
        notice={
          <p id="database-limit" className="text-sm text-muted" data-testid="database-limit">
            {full
              ? `You have ${MAX_DATABASES_PER_USER} databases of your own, the most allowed. Delete one to add another.`
              : `You can add up to ${MAX_DATABASES_PER_USER} PostgreSQL databases of your own${
                  list.data ? ` (${own} added so far)` : ""
                }; the Sample shop does not count.`}
          </p>
        }
        actionError={actionError}
        list={list}
        renderRow={(d, open) => (
          <DatabaseRow
            database={d}
            toggling={toggle.isPending && toggle.variables?.id === d.id}
            onToggle={(enabled) => {
              setActionError(null);
              return toggle.mutateAsync({ id: d.id, enabled }).catch(() => undefined);
            }}
            onEdit={open.edit}
            onDelete={open.delete}
          />
        )}
        renderForm={(form) => <DatabaseForm {...form} />}
        refresh={invalidate}
        remove={remove}
        deleteDescription="The agent can no longer query it, and its saved password is deleted. The database itself is not touched. This cannot be undone."
      />
    </Card>
  );
}
