// One chat turn: load the user's tools, enforce a selected tool on the first step, stream
// the answer to the chat UI and keep the conversation.
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import {
  ChatRequest,
  type ChatMessageMetadata,
  type ChatNotice,
  type ToolProgress,
  type ToolStatus,
} from "@/lib/schemas/agent";
import type { ElicitationView } from "@/lib/schemas/elicitation";
import { aiTools, type ToolEvents } from "@/server/agent/ai-tools";
import { attachmentForModel, isAttachmentPart, limitAttachments, newBoundary } from "@/server/agent/attachments";
import { chatModel, modelInfo } from "@/server/agent/model";
import { forcedToolInstruction, SYSTEM_PROMPT, toolMarker } from "@/server/agent/prompt";
import { settleToolParts } from "@/server/agent/approval-messages";
import { stopOnPendingApproval } from "@/server/agent/approvals";
import { resolveSelection, selectionOf } from "@/server/agent/selection";
import { watchStop } from "@/server/agent/stop";
import { offeredTools, withheldMessage } from "@/server/agent/tool-policy";
import { turnSettler } from "@/server/agent/turn-settle";
import { planToolOffer, recentToolNames } from "@/server/agent/tool-offer";
import { loadUserTools, modelTools, type LoadedTool } from "@/server/agent/toolset";
import { ensureConversation, saveMessages } from "@/server/db/conversations";
import { errorJson } from "@/server/platform/http-errors";
import { logger } from "@/server/platform/log";
import {
  APICallError,
  convertToModelMessages,
  createUIMessageStream,
  createUIMessageStreamResponse,
  RetryError,
  stepCountIs,
  streamText,
  type UIMessage,
  type UIMessageStreamWriter,
} from "ai";

type ChatUIMessage = UIMessage<
  ChatMessageMetadata,
  {
    notice: ChatNotice;
    toolStatus: ToolStatus;
    progress: ToolProgress;
    elicitation: ElicitationView;
    attachment: unknown;
  }
>;

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

export async function handleChat(userId: string, raw: unknown, signal?: AbortSignal): Promise<Response> {
  const parsed = ChatRequest.safeParse(raw);
  if (!parsed.success) return errorJson("VALIDATION", parsed.error.issues[0]?.message ?? "Invalid chat request.");
  const { id: conversationId } = parsed.data;
  // Tool calls that went through an approval carry the server's outcome, not the client's.
  const messages = await settleToolParts(
    userId,
    conversationId,
    parsed.data.messages as unknown as ChatUIMessage[],
    "resume",
  );
  // A retry re-sends the conversation; the selection then comes from the user's message.
  const selectedTool = selectionOf(parsed.data.selectedTool, messages);
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
  // Tools turned off, set to Never or changed since reviewed are not offered.
  const { offered: all, withheld } = await offeredTools(userId, modelTools(loaded));
  const held = forced && withheld.find((w) => w.tool.name === forced.name);
  if (held) return errorJson("TOOL_UNAVAILABLE", withheldMessage(held.tool.label, held.reason));
  const e = env();
  const offer = planToolOffer(all, {
    forced: forced?.name,
    recent: recentToolNames(messages),
    max: e.AGENT_MAX_TOOLS,
    threshold: e.AGENT_TOOL_SEARCH_THRESHOLD,
  });
  // The tools write to the stream once it is open.
  let writer: UIMessageStreamWriter<ChatUIMessage> | undefined;
  const settle = turnSettler();
  const events: ToolEvents = {
    notice: (data) => writer?.write({ type: "data-notice", data }),
    status: (data) => writer?.write({ type: "data-toolStatus", id: data.toolCallId, data }),
    // Written under one id per call or question, so each update replaces the last.
    progress: (data) => writer?.write({ type: "data-progress", id: `progress-${data.toolCallId}`, data }),
    elicitation: (data) => {
      settle.question(data);
      writer?.write({ type: "data-elicitation", id: `elicitation-${data.id}`, data });
    },
  };
  const tools = settle.follow(aiTools(userId, conversationId, all, offer, events));

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
  // Attached resources reach the model as delimited, untrusted text (see attachments.ts).
  const boundary = newBoundary();
  const modelMessages = convertToModelMessages(
    forModel.map((m) => ({ ...m, parts: limitAttachments(m.parts) })),
    {
      tools,
      ignoreIncompleteToolCalls: true,
      convertDataPart: (part) => {
        if (!isAttachmentPart(part)) return undefined;
        const text = attachmentForModel(part.data, boundary);
        return text === null ? undefined : { type: "text", text };
      },
    },
  );
  const system = forced ? `${SYSTEM_PROMPT}\n${forcedToolInstruction(forced.name)}` : SYSTEM_PROMPT;
  logger().info(
    {
      event: "agent.message",
      userId,
      conversationId,
      tools: loaded.tools.size,
      searching: offer.searching,
      unavailable: loaded.unavailable.length,
      forcedTool: forced?.name,
    },
    "chat turn",
  );

  // Stop may reach another instance than this one: it is relayed through the database.
  const stop = watchStop(userId, conversationId);
  const abortSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  signal?.addEventListener("abort", () => stop.dispose(), { once: true });
  let failure: string | undefined;
  const stream = createUIMessageStream<ChatUIMessage>({
    originalMessages: messages,
    execute: ({ writer: w }) => {
      writer = w;
      for (const u of loaded.unavailable) {
        w.write({
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
        stopWhen: [stepCountIs(env().AGENT_MAX_STEPS), stopOnPendingApproval],
        // The first step cannot answer without calling the selected tool; later steps may.
        // Past the search threshold each step offers what the searches so far found.
        prepareStep: ({ stepNumber }) => ({
          activeTools: offer.active(),
          ...(forced && stepNumber === 0 ? { toolChoice: { type: "tool" as const, toolName: forced.name } } : {}),
        }),
        abortSignal,
        // One quick retry; the chat offers the user a retry button after that.
        maxRetries: 1,
        onError: ({ error }) =>
          logger().warn({ event: "agent.model_error", userId, conversationId, err: error }, "model call failed"),
      });
      w.merge(
        result
          .toUIMessageStream({
            sendReasoning: false,
            onError: (err) => (failure ??= modelErrorMessage(err)),
          })
          // After a Stop, the stream stays open while the aborted calls write their last updates.
          .pipeThrough(
            new TransformStream({
              flush: () => (abortSignal.aborted ? settle.settled() : undefined),
            }),
          ),
      );
    },
    onError: (err) => {
      stop.dispose();
      logger().warn({ event: "agent.model_error", userId, conversationId, err }, "model call failed");
      return (failure ??= modelErrorMessage(err));
    },
    onFinish: async ({ messages: done, responseMessage }) => {
      stop.dispose();
      // A turn that ended in an error keeps it, so a reload shows what happened.
      const stored = done.map((m) =>
        failure && m === responseMessage ? { ...m, metadata: { ...m.metadata, error: failure } } : m,
      );
      await saveMessages(
        userId,
        conversationId,
        stored.map((m) => ({ id: m.id, role: m.role, parts: m.parts, metadata: m.metadata })),
      );
    },
  });
  return createUIMessageStreamResponse({ stream });
}
