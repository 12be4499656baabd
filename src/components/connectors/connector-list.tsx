"use client";

import { useState } from "react";
import type { ConnectorResponse } from "@/lib/schemas/connectors";

const STATUS_LABELS: Record<ConnectorResponse["status"], string> = { connected: "Connected", failing: "Failing", disabled: "Disabled" };

export function ConnectorRow({ connector }: { connector: ConnectorResponse }) {
  const [open, setOpen] = useState(false);
  return (
    <li className="connector-row" data-testid="connector-row">
      <div className="row">
        <span className="avatar" aria-hidden>
          {connector.name.slice(0, 1).toUpperCase()}
        </span>
        <div className="grow">
          <div className="connector-name">{connector.name}</div>
          <div className="muted small">{connector.url}</div>
        </div>
        <span className={`badge badge-${connector.status}`}>{STATUS_LABELS[connector.status]}</span>
        <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {connector.toolCount} tool{connector.toolCount === 1 ? "" : "s"}
        </button>
      </div>
      {open && (
        <ul className="tool-list">
          {connector.tools.length === 0 && <li className="muted">This server offers no tools.</li>}
          {connector.tools.map((t) => (
            <li key={t.name}>
              <code>{t.name}</code>
              {t.description && <span className="muted"> {t.description}</span>}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
