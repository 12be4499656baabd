"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import { ConnectionManager } from "@/components/connections/connection-manager";
import { Card } from "@/components/ui/card";
import { DialogBody } from "@/components/ui/dialog";
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

/** The user's connectors with add, edit, test again, enable/disable and delete. */
export function ConnectorsManager({ autoOpenAdd = false }: { autoOpenAdd?: boolean }) {
  const list = api.connectors.list.useQuery();
  const utils = api.useUtils();
  const toast = useToast();
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
    <ConnectionManager
      noun={{ one: "connector", many: "connectors" }}
      headingExtra={
        <>
          {" "}
          {list.data && (
            <span className="text-sm font-normal text-muted">
              ({count} of {MAX_CONNECTORS_PER_USER})
            </span>
          )}
        </>
      }
      addDisabled={full}
      addDescribedBy={full ? "connector-limit" : undefined}
      autoOpenAdd={autoOpenAdd}
      notice={
        full && (
          <p id="connector-limit" className="text-sm text-muted">
            You have {MAX_CONNECTORS_PER_USER} connectors, the most allowed. Delete one to add another.
          </p>
        )
      }
      actionError={actionError}
      list={list}
      empty={
        <EmptyState title="No connectors yet.">
          Add your own MCP server: we test the connection before anything is saved.
        </EmptyState>
      }
      renderRow={(c, open) => (
        <ConnectorRow
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
          onEdit={open.edit}
          onDelete={open.delete}
          onSignIn={() => void signIn(c)}
          signingIn={signingIn === c.id}
        />
      )}
      renderForm={(form) => <ConnectorForm {...form} />}
      refresh={invalidate}
      remove={remove}
      deleteDescription="The agent stops using its tools, and its saved credentials are deleted. This cannot be undone."
    />
  );
}

export function ConnectorsPanel() {
  return (
    <Card>
      <ConnectorsManager />
    </Card>
  );
}
