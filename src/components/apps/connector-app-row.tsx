"use client";

import { ChevronDown } from "lucide-react";
import { useState } from "react";
import { failureReason, plural, StatusBadge } from "@/components/connectors/status";
import { Button } from "@/components/ui/button";
import type { ConnectorResponse } from "@/lib/schemas/connectors";
import { selectionKey } from "@/lib/tool-selection";
import type { PickProps } from "./system-tool-row";
import { ToolChoices } from "./tool-choices";

/** One of the user's connectors in the Apps menu: its status and its tools to pick from. */
export function ConnectorAppRow({ connector, selected, onSelect }: { connector: ConnectorResponse } & PickProps) {
  const [open, setOpen] = useState(false);
  const facts = [
    connector.server?.name,
    plural(connector.toolCount, "tool"),
    connector.oauth?.account,
    connector.status === "needs_sign_in" ? "sign in again in Connectors" : null,
    connector.status === "failing" ? failureReason(connector) : null,
  ].filter(Boolean);
  return (
    <li className="flex flex-col gap-2 py-3" data-testid="app-connector" aria-label={connector.name}>
      <div className="flex min-w-0 flex-wrap items-start gap-x-3 gap-y-2">
        <span
          aria-hidden="true"
          className="grid size-9 shrink-0 place-items-center rounded-lg bg-accent-soft font-semibold text-accent-text"
        >
          {connector.name.slice(0, 1).toUpperCase()}
        </span>
        <div className="min-w-0 flex-1 basis-48">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-semibold break-words">{connector.name}</span>
            <StatusBadge status={connector.status} testId="app-state" />
          </div>
          <p className="text-sm break-words text-muted">{facts.join(" · ")}</p>
        </div>
        <Button
          size="sm"
          variant="ghost"
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
          aria-label={`Tools of ${connector.name}`}
        >
          {open ? "Hide tools" : "Tools"}
          <ChevronDown aria-hidden="true" className={open ? "size-4 rotate-180" : "size-4"} />
        </Button>
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
