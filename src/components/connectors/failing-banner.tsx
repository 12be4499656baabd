"use client";

import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { RelativeTime } from "@/components/ui/relative-time";
import { api } from "@/trpc/react";
import { failureReason } from "./status";

/** Connectors that keep failing, with why, since when, and a "Test again" button. */
export function FailingBanner() {
  const list = api.connectors.list.useQuery();
  const utils = api.useUtils();
  const retest = api.connectors.retest.useMutation({
    onSettled: () => Promise.all([utils.connectors.list.invalidate(), utils.agent.availableTools.invalidate()]),
  });
  const failing = list.data?.filter((c) => c.status === "failing") ?? [];
  if (failing.length === 0) return null;
  return (
    <div className="flex flex-col gap-2" data-testid="failing-banner">
      {failing.map((c) => (
        <Callout key={c.id} tone="danger" role="alert" className="flex flex-wrap items-center gap-2">
          <span className="min-w-0 grow">
            <strong>{c.name}</strong> keeps failing: {failureReason(c)}
            {c.lastTestAt && (
              <>
                {" "}
                Last error <RelativeTime date={c.lastTestAt} />.
              </>
            )}
            {retest.data?.connector.id === c.id &&
              !retest.data.test.ok &&
              ` Still failing: ${retest.data.test.message}`}
          </span>
          <Button size="sm" disabled={retest.isPending} onClick={() => retest.mutate({ id: c.id })}>
            {retest.isPending && retest.variables.id === c.id ? "Testing…" : "Test again"}
          </Button>
        </Callout>
      ))}
    </div>
  );
}
