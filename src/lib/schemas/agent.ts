// Chat schemas shared by the agent route, the agent router and the chat UI.
import { z } from "zod";
import { ToolSelection } from "@/lib/tool-selection";

export const ConversationId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Invalid conversation id");

const UiMessage = z.object({
  id: z.string().min(1).max(128),
  role: z.enum(["user", "assistant", "system"]),
  parts: z.array(z.record(z.string(), z.unknown())).max(500),
  metadata: z.unknown().optional(),
});

export const ChatRequest = z.object({
  id: ConversationId,
  messages: z.array(UiMessage).min(1).max(400),
  selectedTool: ToolSelection.nullish(),
});
export type ChatRequest = z.infer<typeof ChatRequest>;

/** Shown on a tool's card while its call is under way (its connector is being retried). */
export type ToolStatus = { toolCallId: string; state: "retrying"; message: string };

/** Stored on an assistant message whose turn ended in an error, shown after a reload. */
export type ChatMessageMetadata = { selectedTool?: ToolSelection | null; error?: string };

/** Shown in the chat when a connector's tools could not be offered or reached for a message. */
export type ChatNotice = {
  kind: "connector_unavailable";
  connectorId: string;
  name: string;
  code: string;
  message: string;
};

/**
 * A server's progress report on a running tool call: streamed to its card in the chat, or
 * polled (agent.callProgress) for a call that runs without a stream.
 */
export const ToolProgress = z.object({
  toolCallId: z.string(),
  progress: z.number(),
  total: z.number().optional(),
  message: z.string().optional(),
});
export type ToolProgress = z.infer<typeof ToolProgress>;

export const ModelStatus = z.object({
  configured: z.boolean(),
  model: z.string().nullable(),
  /** Always null: the model's address is not shown to users. */
  endpoint: z.string().nullable(),
});

export const RunToolRequest = z.object({
  conversationId: ConversationId,
  selection: ToolSelection,
  args: z.record(z.string(), z.unknown()),
});

export const ToolCallOutcome = z.object({
  ok: z.boolean(),
  text: z.string(),
  structured: z.unknown().optional(),
  errorCode: z.string().optional(),
  durationMs: z.number(),
  source: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("connector"), connectorId: z.string(), connectorName: z.string() }),
    z.object({ kind: z.literal("system"), toolId: z.string(), toolName: z.string() }),
  ]),
  tool: z.string(),
  /** How people read the tool: "Gmail › Search Gmail", "Docs › Search the docs". */
  label: z.string().optional(),
  /** Images the tool returned, within a size cap, for the tool card (never sent to the model). */
  images: z.array(z.object({ mimeType: z.string(), data: z.string() })).optional(),
  /** Audio clips, capped and of formats browsers play, for the tool card. */
  audio: z.array(z.object({ mimeType: z.string(), data: z.string() })).optional(),
  /** Resources the result links to: the card reads them through the app. */
  links: z
    .array(
      z.object({
        uri: z.string(),
        name: z.string(),
        mimeType: z.string().optional(),
        description: z.string().optional(),
      }),
    )
    .optional(),
  /** The structured result does not match the tool's output schema: shown with it. */
  structuredError: z.string().optional(),
  /** The tool's MCP App, rendered with the result in a sandboxed frame. */
  app: z.object({ connectorId: z.string(), resourceUri: z.string() }).optional(),
  /** Set when the call needed the user's approval: where that stands. */
  approval: z
    .object({
      status: z.enum(["pending", "allowed", "denied", "expired"]),
      scope: z.enum(["once", "conversation"]).optional(),
      /** Until when a pending approval can be given (ISO time). */
      expiresAt: z.string().optional(),
      /**
       * For a pending call from an MCP App, which has no chat card: the id its answer
       * (agent.decideApproval's toolCallId) names.
       */
      toolCallId: z.string().optional(),
    })
    .optional(),
});
/** What a tool call gives back to the model and to the chat's tool card. */
export type ToolCallOutcome = z.infer<typeof ToolCallOutcome>;

export const AvailableTool = z.object({
  selection: ToolSelection,
  name: z.string(),
  label: z.string(),
  description: z.string(),
  inputSchema: z.record(z.string(), z.unknown()),
  requiresConfirmation: z.boolean(),
});
export type AvailableTool = z.infer<typeof AvailableTool>;

/** A tool call an MCP App makes: to its own connector, in the conversation it is shown in. */
export const AppToolCallRequest = z.object({
  conversationId: ConversationId,
  connectorId: z.string().min(1).max(64),
  /** The app making the call (its `ui://` resource): it must be one of that connector's apps. */
  resourceUri: z.string().min(1).max(2100),
  toolName: z.string().min(1).max(200),
  args: z.record(z.string(), z.unknown()),
});
export type AppToolCallRequest = z.infer<typeof AppToolCallRequest>;
