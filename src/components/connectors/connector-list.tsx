"use client";

import { useEffect, useState } from "react";
import type { ConnectorResponse } from "@/lib/schemas/connectors";
import { ToolList } from "./tool-list";

const STATUS_LABELS: Record<ConnectorResponse["status"], string> = {
  connected: "Connected",
  failing: "Failing",
  needs_sign_in: "Needs sign-in",
  disabled: "Disabled",
};

export function StatusBadge({ status }: { status: ConnectorResponse["status"] }) {
  return <span className={`badge badge-${status}`}>{STATUS_LABELS[status]}</span>;
}

export function ConnectorRow({
  connector,
  onEdit,
  onDelete,
  onToggle,
  toggling,
  onSignIn,
  signingIn = false,
}: {
  connector: ConnectorResponse;
  onEdit: () => void;
  onDelete: () => void;
  onToggle: (enabled: boolean) => void;
  toggling: boolean;
  onSignIn?: () => void;
  signingIn?: boolean;
}) {
  const [open, setOpen] = useState(false);
  // The switch moves at once; once the change settles (saved or refused) the list has been
  // fetched again and the saved value replaces it.
  const [optimistic, setOptimistic] = useState<boolean | null>(null);
  useEffect(() => {
    if (!toggling) setOptimistic(null);
  }, [toggling, connector.enabled]);
  const enabled = optimistic ?? connector.enabled;
  return (
    <li className="connector-row" data-testid="connector-row" aria-label={connector.name}>
      <div className="row wrap">
        <span className="avatar" aria-hidden>
          {connector.name.slice(0, 1).toUpperCase()}
        </span>
        <div className="grow">
          <div className="connector-name">{connector.name}</div>
          <div className="muted small">{connector.url}</div>
          {connector.oauth?.account && (
            <div className="muted small" data-testid="connector-account">
              Signed in as {connector.oauth.account}
            </div>
          )}
        </div>
        <StatusBadge status={connector.status} />
        <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {connector.toolCount} tool{connector.toolCount === 1 ? "" : "s"}
        </button>
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            checked={enabled}
            disabled={toggling}
            onChange={(e) => {
              setOptimistic(e.target.checked);
              onToggle(e.target.checked);
            }}
            aria-label={`Enable ${connector.name}`}
          />
          <span>{enabled ? "On" : "Off"}</span>
        </label>
        <button type="button" onClick={onEdit}>
          Edit
        </button>
        <button type="button" className="danger" onClick={onDelete}>
          Delete
        </button>
      </div>
      {connector.oauth?.needsSignIn && (
        <div className="row wrap form-error needs-sign-in" role="status" data-testid="needs-sign-in">
          <span className="grow">
            {connector.oauth.reason ?? "This connector needs you to sign in again."} Its settings are kept.
          </span>
          <button type="button" className="primary" onClick={onSignIn} disabled={signingIn || !onSignIn}>
            {signingIn ? "Signing in…" : "Sign in again"}
          </button>
        </div>
      )}
      {open && <ToolList tools={connector.tools} className="indented" empty="This server offers no tools." />}
    </li>
  );
}
