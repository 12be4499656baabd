"use client";

import { useEffect, useRef, useState } from "react";
import { MAX_CONNECTORS_PER_USER, type ConnectorResponse } from "@/lib/schemas/connectors";
import { api } from "@/trpc/react";
import { ConnectorForm } from "./connector-form";
import { ConnectorRow } from "./connector-list";
import { signInWithPopup } from "./sign-in-popup";

type Dialog =
  | { kind: "add" }
  | { kind: "edit"; connector: ConnectorResponse }
  | { kind: "delete"; connector: ConnectorResponse }
  | null;

/** The user's connectors with add, edit, enable/disable and delete. */
export function ConnectorsManager({ autoOpenAdd = false }: { autoOpenAdd?: boolean }) {
  const list = api.connectors.list.useQuery();
  const utils = api.useUtils();
  const [dialog, setDialog] = useState<Dialog>(autoOpenAdd ? { kind: "add" } : null);
  const [actionError, setActionError] = useState<string | null>(null);
  const ref = useRef<HTMLDialogElement>(null);
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
  const remove = api.connectors.delete.useMutation({
    onSettled: invalidate,
    onError: (e) => setActionError(e.message),
  });
  const retest = api.connectors.retest.useMutation({ onSettled: invalidate });
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
        if (!outcome.cancelled) setActionError(outcome.message);
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

  useEffect(() => {
    if (dialog) {
      if (!ref.current?.open) ref.current?.showModal();
    } else ref.current?.close();
  }, [dialog]);

  const count = list.data?.length ?? 0;
  const full = count >= MAX_CONNECTORS_PER_USER;
  return (
    <section className="stack" aria-labelledby="connectors-heading">
      <div className="row">
        <h2 id="connectors-heading" className="grow">
          Your connectors{" "}
          {list.data && (
            <span className="muted small">
              ({count} of {MAX_CONNECTORS_PER_USER})
            </span>
          )}
        </h2>
        <button
          type="button"
          className="primary"
          onClick={() => setDialog({ kind: "add" })}
          disabled={full}
          title={full ? `At most ${MAX_CONNECTORS_PER_USER} connectors` : undefined}
        >
          Add connector
        </button>
      </div>
      {actionError && (
        <div className="form-error" role="alert">
          {actionError}
        </div>
      )}
      {list.isPending && <p className="muted">Loading your connectors…</p>}
      {list.isError && (
        <div className="form-error" role="alert">
          Your connectors could not be loaded: {list.error.message}{" "}
          <button type="button" onClick={() => void list.refetch()}>
            Try again
          </button>
        </div>
      )}
      {list.data?.length === 0 && (
        <div className="empty">
          <p>No connectors yet.</p>
          <p className="muted">Add your own MCP server: we test the connection before anything is saved.</p>
        </div>
      )}
      {list.data && list.data.length > 0 && (
        <ul className="connector-list" aria-label="Connectors">
          {list.data.map((c) => (
            <ConnectorRow
              key={c.id}
              connector={c}
              toggling={toggle.isPending && toggle.variables?.id === c.id}
              onToggle={(enabled) => {
                setActionError(null);
                toggle.mutate({ id: c.id, enabled });
              }}
              onEdit={() => setDialog({ kind: "edit", connector: c })}
              onDelete={() => setDialog({ kind: "delete", connector: c })}
              onSignIn={() => void signIn(c)}
              signingIn={signingIn === c.id}
            />
          ))}
        </ul>
      )}
      <dialog ref={ref} className="dialog" onClose={(e) => e.target === e.currentTarget && setDialog(null)}>
        {dialog?.kind === "add" && (
          <ConnectorForm
            onSaved={() => void invalidate().then(() => setDialog(null))}
            onCancel={() => setDialog(null)}
          />
        )}
        {dialog?.kind === "edit" && (
          <ConnectorForm
            key={dialog.connector.id}
            initial={dialog.connector}
            onSaved={() => void invalidate().then(() => setDialog(null))}
            onCancel={() => setDialog(null)}
          />
        )}
        {dialog?.kind === "delete" && (
          <div className="stack" role="alertdialog" aria-labelledby="delete-title" aria-describedby="delete-text">
            <h2 id="delete-title">Delete “{dialog.connector.name}”?</h2>
            <p id="delete-text" className="muted">
              The agent stops using its tools, and its saved credentials are deleted. This cannot be undone.
            </p>
            <div className="row end">
              <button type="button" onClick={() => setDialog(null)}>
                Cancel
              </button>
              <button
                type="button"
                className="danger-solid"
                disabled={remove.isPending}
                onClick={() => {
                  setActionError(null);
                  remove.mutate({ id: dialog.connector.id }, { onSuccess: () => setDialog(null) });
                }}
              >
                {remove.isPending ? "Deleting…" : `Delete ${dialog.connector.name}`}
              </button>
            </div>
          </div>
        )}
      </dialog>
    </section>
  );
}

export function ConnectorsPanel() {
  return (
    <div className="panel">
      <ConnectorsManager />
    </div>
  );
}
