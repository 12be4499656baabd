"use client";

import { useEffect, useRef, useState } from "react";
import type { ConnectorResponse } from "@/lib/schemas/connectors";
import type { SystemToolResponse } from "@/lib/schemas/tools";
import { timeAgo } from "@/lib/time-ago";
import { selectionKey, type ToolSelection } from "@/lib/tool-selection";
import { api } from "@/trpc/react";
import { ConnectorsManager } from "@/components/connectors/connectors-panel";
import { FailingBanner } from "@/components/connectors/failing-banner";
import { useOAuthPopup } from "./use-oauth-popup";

const TOOL_STATE_LABELS: Record<SystemToolResponse["state"], string> = {
  connected: "Connected",
  disconnected: "Disconnected",
  not_configured: "Not configured",
  coming_soon: "Coming soon",
};

type Props = { selected: ToolSelection | null; onSelect: (s: ToolSelection) => void };

function ToolChoices({
  tools,
  isSelected,
  onPick,
  disabled,
}: {
  tools: { name: string; title?: string; description?: string }[];
  isSelected: (name: string) => boolean;
  onPick: (name: string) => void;
  disabled?: boolean;
}) {
  if (tools.length === 0) return <p className="muted small indented">No tools.</p>;
  return (
    <ul className="tool-list indented">
      {tools.map((t) => (
        <li key={t.name}>
          <button
            type="button"
            className={`tool-choice${isSelected(t.name) ? " selected" : ""}`}
            disabled={disabled}
            onClick={() => onPick(t.name)}
            aria-pressed={isSelected(t.name)}
          >
            <code>{t.name}</code>
            {(t.title ?? t.description) && <span className="muted small"> {t.title ?? t.description}</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}

function SystemToolRow({ tool, selected, onSelect }: { tool: SystemToolResponse } & Props) {
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const utils = api.useUtils();
  const refresh = () => Promise.all([utils.tools.list.invalidate(), utils.agent.availableTools.invalidate()]);
  const popup = useOAuthPopup(({ ok, message: m }) => {
    setMessage(ok ? null : m || null);
    void refresh();
  });
  const connect = api.tools.connect.useMutation({
    onSuccess: (r) => {
      if (r.state === "authorize") popup.open(r.authorizeUrl);
      else void refresh();
    },
    onError: (e) => setMessage(e.message),
  });
  const disconnect = api.tools.disconnect.useMutation({ onSettled: refresh, onError: (e) => setMessage(e.message) });
  const busy = connect.isPending || disconnect.isPending || popup.pending;
  return (
    <li className="app-row" data-testid={`app-${tool.id}`} aria-label={tool.name}>
      <div className="row">
        <span className="avatar" aria-hidden>
          {tool.name.slice(0, 1)}
        </span>
        <div className="grow">
          <div className="connector-name">
            {tool.name} {tool.status === "beta" && <span className="badge">Beta</span>}
          </div>
          <div className="muted small">
            {tool.account ? `${tool.description} Signed in as ${tool.account}.` : tool.description}
          </div>
        </div>
        <span className={`badge badge-${tool.state}`} data-testid="app-state">
          {TOOL_STATE_LABELS[tool.state]}
        </span>
        {tool.state === "connected" && (
          <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
            {tool.tools.length} tool{tool.tools.length === 1 ? "" : "s"}
          </button>
        )}
        {tool.state === "connected" ? (
          <button type="button" disabled={busy} onClick={() => disconnect.mutate({ toolId: tool.id })}>
            {disconnect.isPending ? "Disconnecting…" : "Disconnect"}
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            disabled={busy || tool.state !== "disconnected"}
            title={tool.notConfiguredReason ?? (tool.state === "coming_soon" ? "Coming soon" : undefined)}
            onClick={() => {
              setMessage(null);
              connect.mutate({ toolId: tool.id });
            }}
          >
            {tool.state === "coming_soon"
              ? "Coming soon"
              : popup.pending
                ? "Waiting for sign-in…"
                : connect.isPending
                  ? "Connecting…"
                  : "Connect"}
          </button>
        )}
      </div>
      {tool.state === "not_configured" && tool.notConfiguredReason && (
        <p className="muted small indented">{tool.notConfiguredReason}</p>
      )}
      {message && (
        <p className="field-error indented" role="alert">
          {message}
        </p>
      )}
      {open && tool.state === "connected" && (
        <ToolChoices
          tools={tool.tools}
          isSelected={(name) => selected !== null && selectionKey(selected) === `s:${tool.id}:${name}`}
          onPick={(toolName) => onSelect({ kind: "system", toolId: tool.id, toolName })}
        />
      )}
    </li>
  );
}

function ConnectorAppRow({ connector, selected, onSelect }: { connector: ConnectorResponse } & Props) {
  const [open, setOpen] = useState(false);
  const label = { disabled: "Disabled", failing: "Failing", needs_sign_in: "Needs sign-in", connected: "Connected" }[
    connector.status
  ];
  return (
    <li className="app-row" data-testid="app-connector" aria-label={connector.name}>
      <div className="row">
        <span className="avatar" aria-hidden>
          {connector.name.slice(0, 1).toUpperCase()}
        </span>
        <div className="grow">
          <div className="connector-name">{connector.name}</div>
          <div className="muted small">
            {connector.server ? `${connector.server.name} · ` : ""}
            {connector.toolCount} tool{connector.toolCount === 1 ? "" : "s"}
            {connector.oauth?.account ? ` · ${connector.oauth.account}` : ""}
            {connector.status === "needs_sign_in" ? " · sign in again in Connectors" : ""}
            {connector.status === "failing" && connector.lastTestCode
              ? ` · last error ${connector.lastTestCode} ${timeAgo(connector.lastTestAt)}`
              : ""}
          </div>
        </div>
        <span className={`badge badge-${connector.status}`} data-testid="app-state">
          {label}
        </span>
        <button
          type="button"
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
          aria-label={`Tools of ${connector.name}`}
        >
          {open ? "Hide tools" : "Tools"}
        </button>
      </div>
      {open && (
        <ToolChoices
          tools={connector.tools}
          disabled={!connector.enabled}
          isSelected={(name) => selected !== null && selectionKey(selected) === `c:${connector.id}:${name}`}
          onPick={(toolName) => onSelect({ kind: "connector", connectorId: connector.id, toolName })}
        />
      )}
    </li>
  );
}

/** The Apps menu: system tools and the user's connectors, with live status. */
export function AppsMenu({ selected, onSelect }: Props) {
  const [open, setOpen] = useState(false);
  const [managing, setManaging] = useState(false);
  const tools = api.tools.list.useQuery(undefined, { refetchInterval: open ? 15_000 : false });
  const connectors = api.connectors.list.useQuery(undefined, { refetchInterval: open ? 15_000 : false });
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (managing) dialog.current?.showModal();
    else dialog.current?.close();
  }, [managing]);

  return (
    <div className="apps">
      <button
        type="button"
        className="apps-button"
        aria-expanded={open}
        aria-controls="apps-panel"
        onClick={() => setOpen((o) => !o)}
      >
        Apps
      </button>
      {open && (
        <div id="apps-panel" className="apps-panel panel stack" role="region" aria-label="Apps">
          <FailingBanner />
          <div className="row">
            <h3 className="grow">System tools</h3>
          </div>
          {tools.isPending && <p className="muted">Loading…</p>}
          {tools.isError && (
            <p className="field-error" role="alert">
              Could not load system tools: {tools.error.message}
            </p>
          )}
          <ul className="connector-list">
            {tools.data?.map((t) => (
              <SystemToolRow
                key={t.id}
                tool={t}
                selected={selected}
                onSelect={(s) => {
                  onSelect(s);
                  setOpen(false);
                }}
              />
            ))}
          </ul>
          <div className="row">
            <h3 className="grow">Your connectors</h3>
            <button type="button" onClick={() => setManaging(true)}>
              Manage connectors
            </button>
          </div>
          {connectors.isPending && <p className="muted">Loading…</p>}
          {connectors.isError && (
            <p className="field-error" role="alert">
              Could not load your connectors: {connectors.error.message}
            </p>
          )}
          {connectors.data?.length === 0 && (
            <p className="muted">No connectors yet. Use “Manage connectors” to add your own MCP server.</p>
          )}
          <ul className="connector-list">
            {connectors.data?.map((c) => (
              <ConnectorAppRow
                key={c.id}
                connector={c}
                selected={selected}
                onSelect={(s) => {
                  onSelect(s);
                  setOpen(false);
                }}
              />
            ))}
          </ul>
        </div>
      )}
      <dialog
        ref={dialog}
        className="dialog wide"
        onClose={(e) => e.target === e.currentTarget && setManaging(false)}
        aria-label="Manage connectors"
      >
        {managing && (
          <div className="stack">
            <ConnectorsManager />
            <div className="row end">
              <button type="button" onClick={() => setManaging(false)}>
                Close
              </button>
            </div>
          </div>
        )}
      </dialog>
    </div>
  );
}
