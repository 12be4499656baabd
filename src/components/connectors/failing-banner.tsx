"use client";

import { timeAgo } from "@/lib/time-ago";
import { api } from "@/trpc/react";

/** Connectors that keep failing, with their last error and a "Test again" button. */
export function FailingBanner() {
  const list = api.connectors.list.useQuery();
  const utils = api.useUtils();
  const retest = api.connectors.retest.useMutation({
    onSettled: () => Promise.all([utils.connectors.list.invalidate(), utils.agent.availableTools.invalidate()]),
  });
  const failing = list.data?.filter((c) => c.status === "failing") ?? [];
  if (failing.length === 0) return null;
  return (
    <div className="stack" data-testid="failing-banner">
      {failing.map((c) => (
        <div key={c.id} className="notice row" role="alert">
          <span className="grow">
            <strong>{c.name}</strong> keeps failing: last error {c.lastTestCode ?? "unknown"} {timeAgo(c.lastTestAt)}.
            {retest.data?.connector.id === c.id &&
              !retest.data.test.ok &&
              ` Still failing: ${retest.data.test.message}`}
          </span>
          <button type="button" disabled={retest.isPending} onClick={() => retest.mutate({ id: c.id })}>
            {retest.isPending && retest.variables.id === c.id ? "Testing…" : "Test again"}
          </button>
        </div>
      ))}
    </div>
  );
}
