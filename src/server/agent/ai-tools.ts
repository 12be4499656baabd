// A message's loaded tools as AI SDK tools: each call runs through runWithPolicy with the
// request's abort signal (and Stop), streams its progress and its server's questions,
// tells the chat when its connector is being retried or could not be reached, and, past
// the search threshold, the tool-search tool.
import type { ChatNotice, ToolCallOutcome, ToolProgress, ToolStatus } from "@/lib/schemas/agent";
import type { ElicitationView } from "@/lib/schemas/elicitation";
import { type ConnectorUnavailableError } from "@/server/agent/connector-call";
import { runWithPolicy } from "@/server/agent/approvals";
import { TOOL_SEARCH_DESCRIPTION, TOOL_SEARCH_NAME, type FoundTool, type ToolOffer } from "@/server/agent/tool-offer";
import type { LoadedTool } from "@/server/agent/toolset";
import { jsonSchema, tool, type ToolSet } from "ai";

/** What the tools tell the chat while they run. */
export type ToolEvents = {
  notice(n: ChatNotice): void;
  status(s: ToolStatus): void;
  /** A running call's latest progress report (throttled). */
  progress?(p: ToolProgress): void;
  /** A server's question to the user, or its new state. */
  elicitation?(v: ElicitationView): void;
};

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

export function aiTools(
  userId: string,
  conversationId: string,
  loaded: LoadedTool[],
  offer: ToolOffer,
  events: ToolEvents,
): ToolSet {
  const set: ToolSet = {};
  for (const t of loaded) {
    const base = {
      description: t.description,
      inputSchema: jsonSchema<unknown>(t.inputSchema),
      toModelOutput: (o: ToolCallOutcome) => ({
        type: "text" as const,
        value: o.ok || o.errorCode === "DECLINED" ? o.text : `The tool failed (${o.errorCode ?? "error"}): ${o.text}`,
      }),
    };
    // Every call goes through the user's policy: a call that needs approval answers
    // "pending" and the turn stops there (stopOnPendingApproval); agent.decideApproval runs it.
    set[t.name] = tool<unknown, ToolCallOutcome>({
      ...base,
      execute: async (args: unknown, { toolCallId, abortSignal }) => {
        const outcome = await runWithPolicy(userId, t, args, {
          conversationId,
          toolCallId,
          exec: {
            toolCallId,
            signal: abortSignal,
            onProgress: (p) => events.progress?.(p),
            onElicitation: (v) => events.elicitation?.(v),
            onRetry: ({ delayMs, code }) =>
              events.status({
                toolCallId,
                state: "retrying",
                message: `${t.source.kind === "connector" ? t.source.connectorName : t.label} did not connect (${code}); trying again in ${seconds(delayMs)}.`,
              }),
            onRerun: (message) => events.status({ toolCallId, state: "retrying", message }),
            onUnavailable: (err: ConnectorUnavailableError) =>
              events.notice({
                kind: "connector_unavailable",
                connectorId: err.connectorId,
                name: err.connectorName,
                code: err.code,
                message: err.message,
              }),
          },
        });
        return outcome;
      },
    });
  }
  if (offer.searching) {
    set[TOOL_SEARCH_NAME] = tool<{ query: string }, { found: FoundTool[]; note: string }>({
      description: TOOL_SEARCH_DESCRIPTION,
      inputSchema: jsonSchema<{ query: string }>({
        type: "object",
        properties: { query: { type: "string", description: "What you need to do, in a few words." } },
        required: ["query"],
        additionalProperties: false,
      }),
      execute: ({ query }) => {
        const found = offer.search(String(query ?? ""));
        return {
          found,
          note: found.length
            ? "These tools are available from your next step; call the one that fits."
            : "No tool matched; try other words.",
        };
      },
    });
  }
  return set;
}
