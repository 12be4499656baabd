// Stop ends the model's stream at once, but the tool calls it aborts unwind after it: a
// question they asked is withdrawn and shown as cancelled on the way out. The chat's stream
// stays open for those last updates, briefly and bounded, so the user (and the saved
// conversation) never keeps a question that looks open but can no longer be answered. On
// PostgreSQL the withdrawal is a few round trips slower than the abort.
import type { ElicitationView } from "@/lib/schemas/elicitation";
import type { ToolSet } from "ai";

/** The longest a stopped turn's stream waits for its calls to unwind. */
export const SETTLE_AFTER_STOP_MS = 3_000;
const CHECK_MS = 20;

export function turnSettler() {
  const running = new Set<Promise<unknown>>();
  const open = new Set<string>();
  return {
    /** The same tools, with each execution followed until it ends. */
    follow(tools: ToolSet): ToolSet {
      const out: ToolSet = {};
      for (const [name, t] of Object.entries(tools)) {
        const execute = t.execute;
        out[name] = execute
          ? {
              ...t,
              execute: (...args: Parameters<typeof execute>) => {
                const result: unknown = execute(...args);
                if (result instanceof Promise) {
                  running.add(result);
                  void result.then(
                    () => running.delete(result),
                    () => running.delete(result),
                  );
                }
                return result;
              },
            }
          : t;
      }
      return out;
    },
    /** A question shown in the stream, or its new state. */
    question(v: ElicitationView) {
      if (v.status === "pending") open.add(v.id);
      else open.delete(v.id);
    },
    /** Resolves once every call has ended and no question it showed is still open, or after `maxMs`. */
    async settled(maxMs = SETTLE_AFTER_STOP_MS): Promise<void> {
      const until = Date.now() + maxMs;
      while ((running.size > 0 || open.size > 0) && Date.now() < until)
        await new Promise((r) => setTimeout(r, CHECK_MS));
    },
  };
}
