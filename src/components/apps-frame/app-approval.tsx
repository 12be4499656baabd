"use client";

// A tool call from an MCP App that asks first: the app's request waits while the same
// prompt as the model's calls (connector, tool, the exact arguments the app sent) is shown
// next to the app; the answer goes through agent.decideApproval, and what it yields (the
// real result, or that the user declined) is what the app gets. The wait ends when the
// approval expires or the app stops waiting.
import { useRef, useState } from "react";
import { ApprovalCard } from "@/components/chat/approval-card";
import type { ToolCallOutcome } from "@/lib/schemas/agent";
import type { ApprovalDecision } from "@/lib/schemas/tool-policy";
import { api, isApiError } from "@/trpc/react";

type Ask = {
  toolCallId: string;
  outcome: ToolCallOutcome;
  args: Record<string, unknown>;
  pending: boolean;
  error: string | null;
  decide: (decision: ApprovalDecision) => void;
};

/** What the app reads when its call was not answered in time. */
export const NOT_ANSWERED = "The user did not answer the approval request in time; the tool was not run.";
/** What the app reads when it stopped waiting itself. */
export const APP_STOPPED = "The app stopped waiting for the user's approval; the tool was not run.";

function notRun(o: ToolCallOutcome, text: string): ToolCallOutcome {
  return { ...o, ok: false, text, errorCode: "DECLINED", approval: { status: "expired" } };
}

export function useAppApprovals(conversationId: () => string) {
  const [asks, setAsks] = useState<Ask[]>([]);
  const decideApproval = api.agent.decideApproval.useMutation();
  const latest = useRef(decideApproval.mutateAsync);
  latest.current = decideApproval.mutateAsync;

  const update = (id: string, change: Partial<Ask>) =>
    setAsks((all) => all.map((a) => (a.toolCallId === id ? { ...a, ...change } : a)));

  /** Shows the prompt for a pending call and resolves with what the app gets. */
  const ask = (o: ToolCallOutcome, args: Record<string, unknown>, signal?: AbortSignal) =>
    new Promise<ToolCallOutcome>((resolve) => {
      const toolCallId = o.approval!.toolCallId!;
      // Ends the wait once: by the answer, the approval's expiry or the app giving up.
      const finish = (result: ToolCallOutcome) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", stopped);
        setAsks((all) => all.filter((a) => a.toolCallId !== toolCallId));
        resolve(result);
      };
      const left = Date.parse(o.approval!.expiresAt!) - Date.now();
      const timer = setTimeout(() => finish(notRun(o, NOT_ANSWERED)), Math.max(0, left));
      const stopped = () => finish(notRun(o, APP_STOPPED));
      signal?.addEventListener("abort", stopped);
      const decide = (decision: ApprovalDecision) => {
        // Answered: what the server says now counts (it knows whether the request expired).
        clearTimeout(timer);
        signal?.removeEventListener("abort", stopped);
        update(toolCallId, { pending: true, error: null });
        latest
          .current({ conversationId: conversationId(), toolCallId, decision, args })
          .then(finish)
          .catch((err: unknown) =>
            update(toolCallId, {
              pending: false,
              error: isApiError(err) ? err.message : "Your answer could not be sent. Try again.",
            }),
          );
      };
      setAsks((all) => [...all, { toolCallId, outcome: o, args, pending: false, error: null, decide }]);
    });

  const prompts = asks.map((a) => (
    <ApprovalCard
      key={a.toolCallId}
      requester="app"
      part={{
        type: "dynamic-tool",
        toolCallId: a.toolCallId,
        state: "output-available",
        input: a.args,
        output: a.outcome,
      }}
      onDecide={a.decide}
      pending={a.pending}
      error={a.error}
    />
  ));
  return { ask, prompts };
}
