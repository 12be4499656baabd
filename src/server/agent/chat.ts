// One chat turn: load the user's tools, enforce a selected tool on the first step, stream
// the answer to the chat UI and keep the conversation.
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import type { ToolCallOutcome, ToolProgress } from "@/lib/schemas/agent";
import { ChatRequest, type ChatNotice } from "@/lib/schemas/agent";
import type { ElicitationView } from "@/lib/schemas/elicitation";
import { executeTool, type ExecuteOptions } from "@/server/agent/execute";
import { chatModel, modelInfo } from "@/server/agent/model";
import { forcedToolInstruction, SYSTEM_PROMPT, toolMarker } from "@/server/agent/prompt";
import { resolveSelection } from "@/server/agent/selection";
import { watchStop } from "@/server/agent/stop";
import { loadUserTools, type LoadedTool } from "@/server/agent/toolset";
import { ensureConversation, saveMessages } from "@/server/db/conversations";
import { errorJson } from "@/server/platform/http-errors";
import { logger } from "@/server/platform/log";
import {
  APICallError,
  convertToModelMessages,
  createUIMessageStream,
  createUIMessageStreamResponse,
  jsonSchema,
  RetryError,
  stepCountIs,
  streamText,
  tool,
  type ToolSet,
  type UIMessage,
} from "ai";

type ChatUIMessage = UIMessage<unknown, { notice: ChatNotice; progress: ToolProgress; elicitation: ElicitationView }>;

/** Where a running tool's progress and its server's questions go: the turn's stream, once open. */
type LiveEvents = Pick<ExecuteOptions, "onProgress" | "onElicitation">;

function titleOf(messages: ChatRequest["messages"]): string {
  const first = messages.find((m) => m.role === "user");
  const text =
    first?.parts
      .map((p) => (p.type === "text" && typeof p.text === "string" ? p.text : ""))
      .join(" ")
      .trim() ?? "";
  return text.slice(0, 60) || "New conversation";
}

/** Safe to show the user: no keys, no internals. */
export function modelErrorMessage(err: unknown): string {
  if (RetryError.isInstance(err)) return modelErrorMessage(err.lastError);
  if (APICallError.isInstance(err)) {
    return err.statusCode
      ? `The model endpoint answered HTTP ${err.statusCode}. Check the model settings, then retry.`
      : "The model endpoint could not be reached. Retry in a moment.";
  }
  return "The model failed to answer. Retry in a moment.";
}

function aiTools(userId: string, conversationId: string, loaded: LoadedTool[], live: LiveEvents): ToolSet {
  const set: ToolSet = {};
  for (const t of loaded) {
    const base = {
      description: t.description,
      inputSchema: jsonSchema<unknown>(t.inputSchema),
      toModelOutput: (o: ToolCallOutcome) => ({
        type: "text" as const,
        value: o.ok ? o.text : `The tool failed (${o.errorCode ?? "error"}): ${o.text}`,
      }),
    };
    // Tools with effects outside the app have no execute: the chat asks the user, who
    // runs it through agent.runTool, and the answer continues from there.
    set[t.name] = t.requiresConfirmation
      ? tool<unknown, ToolCallOutcome>({ ...base, outputSchema: jsonSchema<ToolCallOutcome>({ type: "object" }) })
      : tool<unknown, ToolCallOutcome>({
          ...base,
          execute: (args: unknown, { toolCallId, abortSignal }) =>
            executeTool(userId, t, args, {
              conversationId,
              toolCallId,
              ...(abortSignal ? { signal: abortSignal } : {}),
              onProgress: (p) => live.onProgress?.(p),
              onElicitation: (v) => live.onElicitation?.(v),
            }),
        });
  }
  return set;
}

export async function handleChat(userId: string, raw: unknown, signal?: AbortSignal): Promise<Response> {
  const parsed = ChatRequest.safeParse(raw);
  if (!parsed.success) return errorJson("VALIDATION", parsed.error.issues[0]?.message ?? "Invalid chat request.");
  const { id: conversationId, selectedTool } = parsed.data;
  const messages = parsed.data.messages as unknown as ChatUIMessage[];
  if (!modelInfo().configured)
    return errorJson(
      "MODEL_NOT_CONFIGURED",
      "No model is configured. Run tools directly, or set OPENAI_BASE_URL or OPENAI_API_KEY.",
    );
  await ensureConversation(userId, conversationId, titleOf(parsed.data.messages));

  const loaded = await loadUserTools(userId);
  let forced: LoadedTool | undefined;
  if (selectedTool) {
    try {
      forced = await resolveSelection(userId, loaded, selectedTool);
    } catch (err) {
      if (err instanceof AppError) return errorJson(err.code, err.message);
      throw err;
    }
  }
  const live: LiveEvents = {};
  const tools = aiTools(userId, conversationId, [...loaded.tools.values()], live);

  // The selected tool is named in the user's message as the model sees it.
  const forModel = messages.map((m, i) =>
    forced && i === messages.length - 1 && m.role === "user"
      ? {
          ...m,
          parts: m.parts.map((p, j) =>
            j === m.parts.findIndex((x) => x.type === "text") && p.type === "text"
              ? { ...p, text: `${toolMarker(forced.name)} ${p.text}` }
              : p,
          ),
        }
      : m,
  );
  const modelMessages = convertToModelMessages(forModel, { tools, ignoreIncompleteToolCalls: true });
  const system = forced ? `${SYSTEM_PROMPT}\n${forcedToolInstruction(forced.name)}` : SYSTEM_PROMPT;
  logger().info(
    {
      event: "agent.message",
      userId,
      conversationId,
      tools: loaded.tools.size,
      unavailable: loaded.unavailable.length,
      forcedTool: forced?.name,
    },
    "chat turn",
  );

  // Stop may reach another instance than this one: it is relayed through the database.
  const stop = watchStop(userId, conversationId);
  const abortSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  signal?.addEventListener("abort", () => stop.dispose(), { once: true });
  const stream = createUIMessageStream<ChatUIMessage>({
    originalMessages: messages,
    execute: ({ writer }) => {
      // Written under one id per call or question, so each update replaces the last.
      live.onProgress = (p) => writer.write({ type: "data-progress", id: `progress-${p.toolCallId}`, data: p });
      live.onElicitation = (v) => writer.write({ type: "data-elicitation", id: `elicitation-${v.id}`, data: v });
      for (const u of loaded.unavailable) {
        writer.write({
          type: "data-notice",
          data: {
            kind: "connector_unavailable",
            connectorId: u.connectorId,
            name: u.name,
            code: u.code,
            message: u.message,
          },
        });
      }
      const result = streamText({
        model: chatModel(),
        system,
        messages: modelMessages,
        tools,
        stopWhen: stepCountIs(env().AGENT_MAX_STEPS),
        // The first step cannot answer without calling the selected tool; later steps may.
        prepareStep: ({ stepNumber }) =>
          forced && stepNumber === 0 ? { toolChoice: { type: "tool", toolName: forced.name } } : undefined,
        abortSignal,
        // One quick retry; the chat offers the user a retry button after that.
        maxRetries: 1,
        onError: ({ error }) =>
          logger().warn({ event: "agent.model_error", userId, conversationId, err: error }, "model call failed"),
      });
      writer.merge(result.toUIMessageStream({ sendReasoning: false, onError: modelErrorMessage }));
    },
    onError: (err) => {
      stop.dispose();
      logger().warn({ event: "agent.model_error", userId, conversationId, err }, "model call failed");
      return modelErrorMessage(err);
    },
    onFinish: async ({ messages: all }) => {
      stop.dispose();
      await saveMessages(
        userId,
        conversationId,
        all.map((m) => ({ id: m.id, role: m.role, parts: m.parts, metadata: m.metadata })),
      );
    },
  });
  return createUIMessageStreamResponse({ stream });
}
