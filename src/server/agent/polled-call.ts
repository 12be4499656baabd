// A tool call that runs outside the chat's stream: an approved call (agent.decideApproval)
// or a direct run (agent.runTool). The browser cannot be written to, so it polls: the
// server's latest progress is kept in the database (a few writes a second at most) until
// the call ends. Stop in the chat may reach any instance, so the call watches the
// conversation's Stops through the relay, like a streamed turn does.
import type { ToolProgress } from "@/lib/schemas/agent";
import { watchStop } from "@/server/agent/stop";
import { deleteCallProgress, listCallProgress, saveCallProgress } from "@/server/db/call-progress";
import { logger } from "@/server/platform/log";

/** At most four writes a second per call, always the latest report. */
export const PROGRESS_WRITE_MS = 250;

type Key = { userId: string; conversationId: string; toolCallId: string };

/** Keeps the latest report of one call in the database; `end` waits for the last write and removes it. */
export function progressRecorder(key: Key): { report(p: ToolProgress): void; end(): Promise<void> } {
  let latest: ToolProgress | null = null;
  let writing: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let lastWrite = 0;
  let ended = false;
  const write = () => {
    timer = undefined;
    if (ended || writing || !latest) return;
    const { toolCallId: _id, ...p } = latest;
    latest = null;
    lastWrite = Date.now();
    writing = saveCallProgress(key, p)
      .catch((err: unknown) =>
        logger().warn({ event: "tool.progress_write_failed", userId: key.userId, err }, "progress not saved"),
      )
      .finally(() => {
        writing = null;
        schedule();
      });
  };
  function schedule() {
    if (ended || writing || timer || !latest) return;
    const wait = lastWrite + PROGRESS_WRITE_MS - Date.now();
    if (wait <= 0) write();
    else timer = setTimeout(write, wait);
  }
  return {
    report(p) {
      latest = p;
      schedule();
    },
    async end() {
      ended = true;
      clearTimeout(timer);
      await writing;
      await deleteCallProgress(key).catch((err: unknown) =>
        logger().warn({ event: "tool.progress_cleanup_failed", userId: key.userId, err }, "progress not removed"),
      );
    },
  };
}

/** What a polled call passes to executeTool: its card's id, Stop, and where progress goes. */
export type PolledExec = { toolCallId: string; signal: AbortSignal; onProgress: (p: ToolProgress) => void };

/**
 * Runs `work` stoppable from the chat and with its progress readable by polling. A Stop
 * counts from `since`, when the user's request arrived: one pressed while the call was
 * being prepared stops it too.
 */
export async function runPolled<T>(key: Key, since: Date, work: (exec: PolledExec) => Promise<T>): Promise<T> {
  const stop = watchStop(key.userId, key.conversationId, since);
  const progress = progressRecorder(key);
  try {
    return await work({ toolCallId: key.toolCallId, signal: stop.signal, onProgress: (p) => progress.report(p) });
  } finally {
    stop.dispose();
    await progress.end();
  }
}

/** The latest progress of the user's polled calls running in one conversation. */
export function runningCallProgress(userId: string, conversationId: string): Promise<ToolProgress[]> {
  return listCallProgress(userId, conversationId);
}
