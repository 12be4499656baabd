"use client";

import type { ToolProgress } from "@/lib/schemas/agent";
import type { ElicitationView } from "@/lib/schemas/elicitation";
import { api } from "@/trpc/react";
import { ElicitationCard } from "./elicitation-form";

const POLL_MS = 1_000;

/**
 * A direct run and an approved call have no stream: while one runs, the questions its
 * server asks and its latest progress are polled (any instance answers: both are stored).
 */
export function usePolledCall(chatId: string, running: boolean) {
  const utils = api.useUtils();
  const opts = { enabled: running, refetchInterval: running ? POLL_MS : false } as const;
  const questions = api.agent.questions.useQuery({ conversationId: chatId }, opts);
  const progress = api.agent.callProgress.useQuery({ conversationId: chatId }, opts);
  const reports = running ? (progress.data ?? []) : [];
  return {
    questions: running ? ((questions.data ?? []) as ElicitationView[]) : [],
    refetchQuestions: () => void questions.refetch(),
    /** The latest report of each running call, by its card's id. */
    progress: new Map<string, ToolProgress>(reports.map((p) => [p.toolCallId, p])),
    /** The newest report of any running call (a direct run's id is the server's). */
    latest: reports.at(-1),
    /** Forgets the last call's reports, so the next call does not start with them. */
    reset: () => utils.agent.callProgress.setData({ conversationId: chatId }, []),
  };
}

export type PolledCall = ReturnType<typeof usePolledCall>;

/** The questions of the call that runs now, answered right where it runs. */
export function PolledQuestions({ call }: { call: PolledCall }) {
  return call.questions.map((q) => <ElicitationCard key={q.id} view={q} onClosed={call.refetchQuestions} />);
}
