// Stop in the chat: the browser drops its stream, and also records the Stop, because the
// turn (and its MCP calls) may run on another app instance than the one the Stop reaches.
// The instance running the turn watches for it and aborts, which cancels the calls on
// their servers (notifications/cancelled).
import { env } from "@/env";
import { chatStoppedSince, recordChatStop } from "@/server/db/elicitations";
import { publish, waitFor } from "@/server/db/relay";
import { logger } from "@/server/platform/log";

const key = (userId: string, conversationId: string) => `${userId}:${conversationId}`;

export async function requestStop(userId: string, conversationId: string): Promise<{ stopped: true }> {
  await recordChatStop(userId, conversationId);
  await publish("chat_stop", key(userId, conversationId));
  return { stopped: true };
}

/**
 * A signal that aborts when the user stops this conversation (at `since` or later: by
 * default from now on); `dispose` ends the watch.
 */
export function watchStop(
  userId: string,
  conversationId: string,
  since: Date = new Date(),
): { signal: AbortSignal; dispose(): void } {
  const stop = new AbortController();
  const watching = new AbortController();
  void waitFor(
    "chat_stop",
    key(userId, conversationId),
    async () => ((await chatStoppedSince(userId, conversationId, since)) ? true : null),
    { signal: watching.signal, timeoutMs: env().TOOL_CALL_MAX_MS * env().AGENT_MAX_STEPS, pollMs: env().RELAY_POLL_MS },
  ).then(
    (stopped) => {
      if (!stopped) return;
      logger().info({ event: "agent.stopped", userId, conversationId }, "turn stopped by the user");
      stop.abort(new DOMException("Stopped by the user.", "AbortError"));
    },
    () => undefined,
  );
  return { signal: stop.signal, dispose: () => watching.abort() };
}
