"use client";

import { Database, Table2 } from "lucide-react";
import Link from "next/link";
import { ConnectionRow } from "@/components/connections/connection-row";
import { Badge, type Tone } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { RelativeTime } from "@/components/ui/relative-time";
import type { DatabaseResponse, DatabaseStatus } from "@/lib/schemas/databases";

const STATUS: Record<DatabaseStatus, { label: string; tone: Tone }> = {
  connected: { label: "Connected", tone: "ok" },
  failing: { label: "Failing", tone: "danger" },
  disabled: { label: "Disabled", tone: "neutral" },
  preparing: { label: "Preparing", tone: "accent" },
  unavailable: { label: "Unavailable", tone: "warn" },
};

/** Where the server is, without its password: "reader@db.example.com:5432/shop". */
function address(d: DatabaseResponse): string {
  const c = d.connection;
  if (!c) return "Built in: a small shop with customers, orders, products and payments, read-only.";
  return `${c.user}@${c.host}:${c.port}/${c.database} · TLS ${c.tls}`;
}

function Health({ database: d }: { database: DatabaseResponse }) {
  if (d.status === "disabled")
    return <p className="text-sm text-muted">Disabled: the agent does not see it until you switch it on.</p>;
  if (d.status === "failing")
    return (
      <Callout tone="danger" data-testid="database-health">
        Failing
        {d.lastTestAt && (
          <>
            {" "}
            since <RelativeTime date={d.lastTestAt} />
          </>
        )}
        : {d.lastTestMessage ?? "the last connection failed"}
        {d.lastTestCode ? ` (${d.lastTestCode})` : ""}
      </Callout>
    );
  if (d.status === "preparing" || d.status === "unavailable")
    return (
      <p className="text-sm text-muted" data-testid="database-health">
        {d.statusMessage ?? (d.status === "preparing" ? "Being prepared…" : "Not available on this server.")}
      </p>
    );
  return (
    <p className="text-sm text-muted" data-testid="database-health">
      {d.relationCount !== null && `${d.relationCount} ${d.relationCount === 1 ? "table or view" : "tables and views"}`}
      {d.serverVersion && ` · ${d.serverVersion}`}
      {d.schemaRefreshedAt && (
        <>
          {" "}
          · schema read <RelativeTime date={d.schemaRefreshedAt} />
        </>
      )}
    </p>
  );
}

/** One database: name, status, where it is, and what can be done with it. */
export function DatabaseRow({
  database,
  onEdit,
  onDelete,
  onToggle,
  toggling,
}: {
  database: DatabaseResponse;
  onEdit: () => void;
  onDelete: () => void;
  /** Settles once the change was saved or refused and the list fetched again. */
  onToggle: (enabled: boolean) => Promise<unknown>;
  toggling: boolean;
}) {
  const status = STATUS[database.status];
  const browsable = database.enabled && database.status !== "preparing" && database.status !== "unavailable";
  return (
    <ConnectionRow
      name={database.name}
      testId="database-row"
      mark={<Database className="size-4" />}
      status={
        <Badge tone={status.tone} dot data-testid="database-status">
          {status.label}
        </Badge>
      }
      summary={<p className="text-sm break-all text-muted">{address(database)}</p>}
      health={<Health database={database} />}
      enabled={database.enabled}
      toggling={toggling}
      onToggle={onToggle}
      actions={
        browsable && (
          <Link
            href={`/dashboard/databases/${encodeURIComponent(database.id)}`}
            className={buttonClasses("ghost", "sm", "no-underline hover:no-underline")}
            aria-label={`Browse the schema of ${database.name}`}
          >
            <Table2 aria-hidden="true" className="size-3.5" />
            Browse schema
          </Link>
        )
      }
      editable={database.editable}
      onEdit={onEdit}
      onDelete={onDelete}
    />
  );
}
