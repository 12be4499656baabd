"use client";

import { Plus } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogBody, DialogContent } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { useToast } from "@/components/ui/toast";
import { MAX_CONNECTORS_PER_USER } from "@/lib/limits";
import type { ConnectorResponse, ConnectorTestResponse } from "@/lib/schemas/connectors";
import { api } from "@/trpc/react";
import { ConnectorRow } from "./connector-row";
import { POPUP_BLOCKED, signInWithPopup } from "./sign-in-popup";

// The form (its schemas, the live test, OAuth) loads when a dialog first needs it.
const ConnectorForm = dynamic(() => import("./connector-form").then((m) => m.ConnectorForm), {
  ssr: false,
  loading: () => <DialogBody className="text-sm text-muted">Loading the form…</DialogBody>,
});

type Editing = { kind: "add" } | { kind: "edit"; connector: ConnectorResponse } | null;

/** The user's connectors with add, edit, test again, enable/disable and delete. */
export function ConnectorsManager({ autoOpenAdd = false }: { autoOpenAdd?: boolean }) {
  const list = api.connectors.list.useQuery();
  const utils = api.useUtils();
  const toast = useToast();
  const [editing, setEditing] = useState<Editing>(autoOpenAdd ? { kind: "add" } : null);
  const [deleting, setDeleting] = useState<ConnectorResponse | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [retests, setRetests] = useState<Record<string, ConnectorTestResponse>>({});
  const invalidate = () =>
    Promise.all([
      utils.connectors.list.invalidate(),
      utils.tools.list.invalidate(),
      utils.agent.availableTools.invalidate(),
    ]);
  const toggle = api.connectors.toggle.useMutation({
    onSettled: invalidate,
    onError: (e) => setActionError(e.message),
  });
  const remove = api.connectors.delete.useMutation({ onSettled: invalidate });
  const retest = api.connectors.retest.useMutation({
    onSettled: invalidate,
    onSuccess: ({ connector, test }) => {
      setRetests((r) => ({ ...r, [connector.id]: test }));
      if (test.ok) toast({ title: `${connector.name} works`, description: test.message, tone: "ok" });
    },
    onError: (e) => setActionError(e.message),
  });
  const [signingIn, setSigningIn] = useState<string | null>(null);

  /** "Sign in again": the popup stores new tokens on the connector; a test then refreshes its tools. */
  async function signIn(c: ConnectorResponse) {
    setActionError(null);
    setSigningIn(c.id);
    try {
      const outcome = await signInWithPopup(() =>
        utils.client.connectors.oauthStart.mutate({ url: c.url, connectorId: c.id }),
      );
      if (!outcome.ok) {
        if (!("cancelled" in outcome && outcome.cancelled))
          setActionError("blocked" in outcome ? POPUP_BLOCKED : outcome.message);
        return;
      }
      const { test } = await retest.mutateAsync({ id: c.id });
      if (!test.ok) setActionError(`Signed in, but the connection test failed: ${test.message}`);
    } catch (err) {
      setActionError(err instanceof Error ? err.message : "Signing in failed. Please try again.");
    } finally {
      setSigningIn(null);
      await invalidate();
    }
  }

  const count = list.data?.length ?? 0;
  const full = count >= MAX_CONNECTORS_PER_USER;
  return (
    <section className="flex min-w-0 flex-col gap-4" aria-labelledby="connectors-heading">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="connectors-heading" className="min-w-0 grow text-lg font-semibold">
          Your connectors{" "}
          {list.data && (
            <span className="text-sm font-normal text-muted">
              ({count} of {MAX_CONNECTORS_PER_USER})
            </span>
          )}
        </h2>
        <Button
          variant="primary"
          onClick={() => setEditing({ kind: "add" })}
          disabled={full}
          aria-describedby={full ? "connector-limit" : undefined}
        >
          <Plus aria-hidden="true" className="size-4" />
          Add connector
        </Button>
      </div>
      {full && (
        <p id="connector-limit" className="text-sm text-muted">
          You have {MAX_CONNECTORS_PER_USER} connectors, the most allowed. Delete one to add another.
        </p>
      )}
      {actionError && (
        <Callout tone="danger" role="alert">
          {actionError}
        </Callout>
      )}
      {list.isPending && <p className="text-sm text-muted">Loading your connectors…</p>}
      {list.isError && (
        <Callout tone="danger" role="alert" className="flex flex-wrap items-center gap-2">
          <span className="grow">Your connectors could not be loaded: {list.error.message}</span>
          <Button size="sm" onClick={() => void list.refetch()}>
            Try again
          </Button>
        </Callout>
      )}
      {list.data?.length === 0 && (
        <EmptyState title="No connectors yet.">
          Add your own MCP server: we test the connection before anything is saved.
        </EmptyState>
      )}
      {list.data && list.data.length > 0 && (
        <ul className="flex flex-col divide-y divide-border" aria-label="Connectors">
          {list.data.map((c) => (
            <ConnectorRow
              key={c.id}
              connector={c}
              toggling={toggle.isPending && toggle.variables?.id === c.id}
              onToggle={(enabled) => {
                setActionError(null);
                // A refusal is reported by onError; the row only needs to know it settled.
                return toggle.mutateAsync({ id: c.id, enabled }).catch(() => undefined);
              }}
              onRetest={() => {
                setActionError(null);
                retest.mutate({ id: c.id });
              }}
              retesting={retest.isPending && retest.variables?.id === c.id}
              lastRetest={retests[c.id]}
              onEdit={() => setEditing({ kind: "edit", connector: c })}
              onDelete={() => {
                remove.reset();
                setDeleting(c);
              }}
              onSignIn={() => void signIn(c)}
              signingIn={signingIn === c.id}
            />
          ))}
        </ul>
      )}
      <Dialog open={editing !== null} onOpenChange={(open) => !open && setEditing(null)}>
        {editing && (
          <DialogContent title={editing.kind === "edit" ? `Edit ${editing.connector.name}` : "Add a connector"}>
            <ConnectorForm
              key={editing.kind === "edit" ? editing.connector.id : "add"}
              initial={editing.kind === "edit" ? editing.connector : undefined}
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
        description="The agent stops using its tools, and its saved credentials are deleted. This cannot be undone."
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

export function ConnectorsPanel() {
  return (
    <Card>
      <ConnectorsManager />
    </Card>
  );
}
