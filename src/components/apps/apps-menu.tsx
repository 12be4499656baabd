"use client";

import { LayoutGrid } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { FailingBanner } from "@/components/connectors/failing-banner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogBody, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import type { ToolSelection } from "@/lib/tool-selection";
import { api } from "@/trpc/react";
import { ConnectorAppRow } from "./connector-app-row";
import { SystemToolRow, type PickProps } from "./system-tool-row";

// Managing connectors is a detour from chatting: its code loads when it is opened.
const ConnectorsManager = dynamic(
  () => import("@/components/connectors/connectors-panel").then((m) => m.ConnectorsManager),
  { ssr: false, loading: () => <p className="text-sm text-muted">Loading your connectors…</p> },
);

/** The Apps menu: system tools and the user's connectors with live status; pick a tool for the next message. */
export function AppsMenu({ selected, onSelect }: PickProps) {
  const [open, setOpen] = useState(false);
  const [managing, setManaging] = useState(false);
  const tools = api.tools.list.useQuery(undefined, { refetchInterval: open ? 15_000 : false });
  const connectors = api.connectors.list.useQuery(undefined, { refetchInterval: open ? 15_000 : false });
  const pick = (s: ToolSelection) => {
    onSelect(s);
    setOpen(false);
  };

  return (
    <>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogTrigger asChild>
          <Button className="h-11">
            <LayoutGrid aria-hidden="true" className="size-4" />
            {/* An icon on a phone, so the message box keeps most of the row. */}
            <span className="max-sm:sr-only">Apps</span>
          </Button>
        </DialogTrigger>
        <DialogContent title="Apps" description="Pick a tool and the agent must use it for your next message." wide>
          <DialogBody className="flex flex-col gap-5">
            <FailingBanner />
            <section aria-labelledby="apps-system">
              <h3 id="apps-system" className="text-sm font-semibold tracking-wide text-muted uppercase">
                System tools
              </h3>
              {tools.isPending && <p className="text-sm text-muted">Loading…</p>}
              {tools.isError && (
                <p className="text-sm text-danger" role="alert">
                  Could not load system tools: {tools.error.message}
                </p>
              )}
              <ul className="flex flex-col divide-y divide-border">
                {tools.data?.map((t) => (
                  <SystemToolRow key={t.id} tool={t} selected={selected} onSelect={pick} />
                ))}
              </ul>
            </section>
            <section aria-labelledby="apps-connectors">
              <div className="flex flex-wrap items-center gap-2">
                <h3 id="apps-connectors" className="grow text-sm font-semibold tracking-wide text-muted uppercase">
                  Your connectors
                </h3>
                <Button size="sm" onClick={() => setManaging(true)}>
                  Manage connectors
                </Button>
              </div>
              {connectors.isPending && <p className="text-sm text-muted">Loading…</p>}
              {connectors.isError && (
                <p className="text-sm text-danger" role="alert">
                  Could not load your connectors: {connectors.error.message}
                </p>
              )}
              {connectors.data?.length === 0 && (
                <p className="mt-2 text-sm text-muted">
                  No connectors yet. Use “Manage connectors” to add your own MCP server.
                </p>
              )}
              <ul className="flex flex-col divide-y divide-border">
                {connectors.data?.map((c) => (
                  <ConnectorAppRow key={c.id} connector={c} selected={selected} onSelect={pick} />
                ))}
              </ul>
            </section>
          </DialogBody>
        </DialogContent>
      </Dialog>
      <Dialog open={managing} onOpenChange={setManaging}>
        <DialogContent title="Manage connectors" wide>
          <DialogBody>
            <ConnectorsManager />
          </DialogBody>
          <DialogFooter>
            <Button onClick={() => setManaging(false)}>Done</Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}
