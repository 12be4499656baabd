"use client";

import { ChevronDown, RefreshCw } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { ConnectionRow } from "@/components/connections/connection-row";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { RelativeTime } from "@/components/ui/relative-time";
import { Spinner } from "@/components/ui/spinner";
import type { ConnectorResponse, ConnectorTestResponse } from "@/lib/schemas/connectors";
import { failureReason, plural, StatusBadge } from "./status";

// Loaded when a connector's tools are opened: keeps the Connectors page's first load small.
const ToolSettingsList = dynamic(() => import("./tool-settings").then((m) => m.ToolSettingsList), {
  ssr: false,
  loading: () => (
    <p className="flex items-center gap-2 py-2 text-sm text-muted">
      <Spinner /> Loading the tools…
    </p>
  ),
});

/** Where the connector stands, in a sentence with its time, and what to do about it. */
function Health({
  connector: c,
  retest,
  retesting,
  lastRetest,
}: {
  connector: ConnectorResponse;
  retest: () => void;
  retesting: boolean;
  lastRetest?: ConnectorTestResponse;
}) {
  const testAgain = (
    <Button size="sm" onClick={retest} disabled={retesting}>
      {retesting ? <Spinner /> : <RefreshCw aria-hidden="true" className="size-3.5" />}
      {retesting ? "Testing…" : "Test again"}
    </Button>
  );
  const stillFailing = lastRetest && !lastRetest.ok ? ` Tested again: ${lastRetest.message}` : "";
  if (c.status === "disabled")
    return <p className="text-sm text-muted">Disabled: the agent does not use its tools until you switch it on.</p>;
  if (c.status === "failing" || (c.status === "connected" && c.lastTestOk === false))
    return (
      <Callout
        tone={c.status === "failing" ? "danger" : "warn"}
        className="flex flex-wrap items-center gap-2"
        data-testid="connector-health"
      >
        <span className="min-w-0 grow">
          {c.status === "failing" ? "Failing" : "Last use failed"}
          {c.failingSince ? (
            <>
              {" "}
              since <RelativeTime date={c.failingSince} />
            </>
          ) : c.lastTestAt ? (
            <>
              {" "}
              <RelativeTime date={c.lastTestAt} />
            </>
          ) : null}
          : {failureReason(c)}
          {stillFailing}
          {c.lastOkAt && (
            <span className="text-muted">
              {" "}
              Last worked <RelativeTime date={c.lastOkAt} />.
            </span>
          )}
        </span>
        {testAgain}
      </Callout>
    );
  if (c.status === "needs_sign_in") return null; // its own notice, with "Sign in again"
  return (
    <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-muted" data-testid="connector-health">
      <span>
        {c.lastOkAt ? (
          <>
            Last worked <RelativeTime date={c.lastOkAt} />
          </>
        ) : (
          "Not used yet"
        )}
        {c.server ? ` · ${c.server.name} ${c.server.version}` : ""}
      </span>
      {testAgain}
    </p>
  );
}

export function ConnectorRow({
  connector,
  onEdit,
  onDelete,
  onToggle,
  toggling,
  onRetest,
  retesting = false,
  lastRetest,
  onSignIn,
  signingIn = false,
}: {
  connector: ConnectorResponse;
  onEdit: () => void;
  onDelete: () => void;
  /** Settles once the change was saved or refused and the list fetched again. */
  onToggle: (enabled: boolean) => Promise<unknown>;
  toggling: boolean;
  onRetest: () => void;
  retesting?: boolean;
  lastRetest?: ConnectorTestResponse;
  onSignIn?: () => void;
  signingIn?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const toolsId = `tools-${connector.id}`;
  return (
    <ConnectionRow
      name={connector.name}
      testId="connector-row"
      mark={connector.name.slice(0, 1).toUpperCase()}
      markClassName="font-semibold"
      status={<StatusBadge status={connector.status} />}
      summary={
        <>
          <p className="text-sm break-all text-muted">{connector.url}</p>
          {connector.oauth?.account && (
            <p className="text-sm text-muted" data-testid="connector-account">
              Signed in as {connector.oauth.account}
            </p>
          )}
        </>
      }
      health={
        <>
          <Health connector={connector} retest={onRetest} retesting={retesting} lastRetest={lastRetest} />
          {connector.oauth?.needsSignIn && (
            <Callout
              tone="warn"
              role="status"
              className="flex flex-wrap items-center gap-2"
              data-testid="needs-sign-in"
            >
              <span className="min-w-0 grow">
                {connector.oauth.reason ?? "This connector needs you to sign in again."} Its settings are kept.
              </span>
              <Button variant="primary" size="sm" onClick={onSignIn} disabled={signingIn || !onSignIn}>
                {signingIn && <Spinner />}
                {signingIn ? "Signing in…" : "Sign in again"}
              </Button>
            </Callout>
          )}
        </>
      }
      enabled={connector.enabled}
      toggling={toggling}
      onToggle={onToggle}
      actions={
        <Button
          size="sm"
          variant="ghost"
          aria-expanded={open}
          aria-controls={toolsId}
          onClick={() => setOpen((o) => !o)}
        >
          {plural(connector.toolCount, "tool")}
          <ChevronDown aria-hidden="true" className={open ? "size-4 rotate-180" : "size-4"} />
        </Button>
      }
      onEdit={onEdit}
      onDelete={onDelete}
    >
      {open && (
        <div id={toolsId} className="rounded-lg border border-border px-3">
          <ToolSettingsList
            connectorId={connector.id}
            connectorName={connector.name}
            version={new Date(connector.updatedAt).toISOString()}
          />
        </div>
      )}
    </ConnectionRow>
  );
}
