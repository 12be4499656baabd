"use client";

import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { ToolPart } from "./tool-card";

/** An email the model wants to send, shown for the user to send or not. */
export function ConfirmCard({
  part,
  onDecide,
  pending,
}: {
  part: ToolPart;
  onDecide: (send: boolean) => void;
  pending: boolean;
}) {
  const input = (part.input ?? {}) as { to?: string; subject?: string; body?: string };
  return (
    <Card role="group" aria-label="Confirm sending" className="flex flex-col gap-3">
      <p className="font-semibold">Send this email?</p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-muted">To</dt>
        <dd className="break-all">{input.to}</dd>
        <dt className="text-muted">Subject</dt>
        <dd className="break-words">{input.subject}</dd>
      </dl>
      <pre
        tabIndex={0}
        className="max-h-60 overflow-auto rounded-lg bg-subtle p-2 text-sm whitespace-pre-wrap break-words"
      >
        {input.body}
      </pre>
      <div className="flex flex-wrap justify-end gap-2">
        <Button disabled={pending} onClick={() => onDecide(false)}>
          Don’t send
        </Button>
        <Button variant="primary" disabled={pending} onClick={() => onDecide(true)}>
          {pending ? "Sending…" : "Send"}
        </Button>
      </div>
    </Card>
  );
}
