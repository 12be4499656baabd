"use client";

import { useEffect, useRef, useState } from "react";
import { MAX_CONNECTORS_PER_USER } from "@/lib/schemas/connectors";
import { api } from "@/trpc/react";
import { AddConnectorForm } from "./add-connector-form";
import { ConnectorRow } from "./connector-list";

export function ConnectorsPanel() {
  const list = api.connectors.list.useQuery();
  const [adding, setAdding] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (adding) dialog.current?.showModal();
    else dialog.current?.close();
  }, [adding]);

  const count = list.data?.length ?? 0;
  const full = count >= MAX_CONNECTORS_PER_USER;
  return (
    <section className="panel stack" aria-labelledby="connectors-heading">
      <div className="row">
        <h2 id="connectors-heading" className="grow">
          Your connectors {list.data && <span className="muted small">({count} of {MAX_CONNECTORS_PER_USER})</span>}
        </h2>
        <button type="button" className="primary" onClick={() => setAdding(true)} disabled={full} title={full ? `At most ${MAX_CONNECTORS_PER_USER} connectors` : undefined}>
          Add connector
        </button>
      </div>
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
            <ConnectorRow key={c.id} connector={c} />
          ))}
        </ul>
      )}
      <dialog ref={dialog} className="dialog" onClose={() => setAdding(false)} aria-label="Add a connector">
        {adding && <AddConnectorForm onSaved={() => setAdding(false)} onCancel={() => setAdding(false)} />}
      </dialog>
    </section>
  );
}
