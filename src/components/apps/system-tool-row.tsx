"use client";

import { ChevronDown } from "lucide-react";
import { useState } from "react";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Spinner } from "@/components/ui/spinner";
import { useToast } from "@/components/ui/toast";
import type { SystemToolResponse } from "@/lib/schemas/tools";
import { selectionKey, type ToolSelection } from "@/lib/tool-selection";
import { api } from "@/trpc/react";
import { ToolChoices } from "./tool-choices";
import { useOAuthPopup } from "./use-oauth-popup";

export type PickProps = { selected: ToolSelection | null; onSelect: (s: ToolSelection) => void };

function stateBadge(tool: SystemToolResponse): { label: string; tone: Tone } {
  if (tool.state === "coming_soon") return { label: "Coming soon", tone: "neutral" };
  if (tool.state === "not_configured") return { label: "Not configured", tone: "neutral" };
  if (tool.connect === "builtin")
    return tool.state === "connected" ? { label: "Built in", tone: "accent" } : { label: "Off", tone: "neutral" };
  return tool.state === "connected" ? { label: "Connected", tone: "ok" } : { label: "Disconnected", tone: "neutral" };
}

/**
 * One system tool: Gmail connects through Google's sign-in and disconnects after a
 * confirmation; built-in tools are always on; a coming one just says so.
 */
export function SystemToolRow({ tool, selected, onSelect }: { tool: SystemToolResponse } & PickProps) {
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const utils = api.useUtils();
  const toast = useToast();
  const refresh = () => Promise.all([utils.tools.list.invalidate(), utils.agent.availableTools.invalidate()]);
  const popup = useOAuthPopup(({ ok, message: m }) => {
    setMessage(ok ? null : m || null);
    if (ok) toast({ title: `${tool.name} connected`, tone: "ok" });
    void refresh();
  });
  const connect = api.tools.connect.useMutation({
    onSuccess: (r) => {
      if (r.state === "authorize") popup.open(r.authorizeUrl);
      else void refresh();
    },
    onError: (e) => setMessage(e.message),
  });
  const disconnect = api.tools.disconnect.useMutation({ onSettled: refresh });
  const busy = connect.isPending || disconnect.isPending || popup.pending;
  const badge = stateBadge(tool);
  const usable = tool.state === "connected";
  return (
    <li className="flex flex-col gap-2 py-3" data-testid={`app-${tool.id}`} aria-label={tool.name}>
      <div className="flex min-w-0 flex-wrap items-start gap-x-3 gap-y-2">
        <span aria-hidden="true" className="grid size-9 shrink-0 place-items-center rounded-lg bg-subtle font-semibold">
          {tool.name.slice(0, 1)}
        </span>
        <div className="min-w-0 flex-1 basis-48">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-semibold">{tool.name}</span>
            <Badge
              tone={badge.tone}
              dot={tool.connect === "oauth" && tool.state !== "coming_soon"}
              data-testid="app-state"
            >
              {badge.label}
            </Badge>
          </div>
          <p className="text-sm text-muted">
            {tool.description}
            {tool.account ? ` Signed in as ${tool.account}.` : ""}
          </p>
          {tool.state === "not_configured" && tool.notConfiguredReason && (
            <p className="mt-1 text-sm text-muted">{tool.notConfiguredReason}</p>
          )}
        </div>
        <div className="flex flex-wrap gap-2">
          {usable && (
            <Button size="sm" variant="ghost" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
              {tool.tools.length} tool{tool.tools.length === 1 ? "" : "s"}
              <ChevronDown aria-hidden="true" className={open ? "size-4 rotate-180" : "size-4"} />
            </Button>
          )}
          {tool.connect === "builtin" && (tool.state === "connected" || tool.state === "disconnected") && (
            <Button
              size="sm"
              variant={usable ? "secondary" : "primary"}
              disabled={busy}
              onClick={() => {
                setMessage(null);
                if (usable) disconnect.mutate({ toolId: tool.id });
                else connect.mutate({ toolId: tool.id });
              }}
            >
              {usable ? "Turn off" : "Turn on"}
            </Button>
          )}
          {tool.connect === "oauth" && tool.state === "connected" && (
            <Button size="sm" disabled={busy} onClick={() => setConfirming(true)}>
              Disconnect
            </Button>
          )}
          {tool.connect === "oauth" && tool.state === "disconnected" && (
            <Button
              size="sm"
              variant="primary"
              disabled={busy}
              onClick={() => {
                setMessage(null);
                connect.mutate({ toolId: tool.id });
              }}
            >
              {busy && <Spinner />}
              {popup.pending ? "Waiting for sign-in…" : connect.isPending ? "Connecting…" : "Connect"}
            </Button>
          )}
        </div>
      </div>
      {message && (
        <p className="text-sm text-danger sm:pl-12" role="alert">
          {message}
        </p>
      )}
      {open && usable && (
        <ToolChoices
          tools={tool.tools}
          isSelected={(name) => selected !== null && selectionKey(selected) === `s:${tool.id}:${name}`}
          onPick={(toolName) => onSelect({ kind: "system", toolId: tool.id, toolName })}
        />
      )}
      <ConfirmDialog
        open={confirming}
        onOpenChange={(o) => {
          setConfirming(o);
          if (!o) disconnect.reset();
        }}
        title={`Disconnect ${tool.name}?`}
        description={`The agent can no longer use ${tool.name}, and this app forgets its access${tool.account ? ` to ${tool.account}` : ""}. You can connect again later.`}
        confirmLabel="Disconnect"
        pendingLabel="Disconnecting…"
        pending={disconnect.isPending}
        error={disconnect.error?.message}
        onConfirm={() =>
          disconnect.mutate(
            { toolId: tool.id },
            {
              onSuccess: () => {
                setConfirming(false);
                toast({ title: `${tool.name} disconnected` });
              },
            },
          )
        }
      />
    </li>
  );
}
