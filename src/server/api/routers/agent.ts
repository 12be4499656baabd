import {
  AvailableTool,
  ConversationId,
  ModelStatus,
  RunToolRequest,
  ToolCallOutcome,
  ToolProgress,
} from "@/lib/schemas/agent";
import {
  availableTools,
  getConversation,
  listConversations,
  removeConversation,
  runToolDirectly,
} from "@/server/agent/direct";
import { AnswerElicitationInput } from "@/lib/schemas/elicitation";
import { answerElicitation, openQuestions } from "@/server/agent/elicitation";
import { modelInfo } from "@/server/agent/model";
import { runningCallProgress } from "@/server/agent/polled-call";
import { requestStop } from "@/server/agent/stop";
import { decideApproval } from "@/server/agent/approvals";
import { DecideApprovalRequest } from "@/lib/schemas/tool-policy";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { limitToolRuns } from "@/server/auth/rate-limit";
import { z } from "zod";

const StoredMessage = z.object({
  id: z.string(),
  role: z.string(),
  parts: z.unknown(),
  metadata: z.unknown().optional(),
});

const ElicitationViewSchema = z.object({
  id: z.string(),
  connectorName: z.string(),
  message: z.string(),
  mode: z.enum(["form", "url"]),
  fields: z.array(z.record(z.string(), z.unknown())),
  url: z.string().optional(),
  domain: z.string().optional(),
  expiresAt: z.string(),
  status: z.enum(["pending", "accepted", "declined", "cancelled", "expired"]),
  toolCallId: z.string().optional(),
});

export const agentRouter = createTRPCRouter({
  /** Which model the chat uses, or that none is configured. */
  status: protectedProcedure
    .meta({ summary: "Which model the chat uses, or that none is configured.", errors: ["UNAUTHENTICATED"] })
    .output(ModelStatus)
    .query(() => modelInfo()),

  conversations: protectedProcedure
    .meta({ summary: "The user’s conversations, newest first.", errors: ["UNAUTHENTICATED"] })
    .output(z.array(z.object({ id: z.string(), title: z.string(), updatedAt: z.date() })))
    .query(({ ctx }) => listConversations(ctx.user.id)),

  conversation: protectedProcedure
    .meta({ summary: "One conversation with its messages.", errors: ["NOT_FOUND"] })
    .input(z.object({ id: ConversationId }))
    .output(z.object({ id: z.string(), title: z.string(), messages: z.array(StoredMessage) }))
    .query(({ ctx, input }) => getConversation(ctx.user.id, input.id)),

  deleteConversation: protectedProcedure
    .meta({ summary: "Delete a conversation.", errors: ["NOT_FOUND"] })
    .input(z.object({ id: ConversationId }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => removeConversation(ctx.user.id, input.id)),

  /** Tools the user can run now, with their input schemas (for the direct-run forms). */
  availableTools: protectedProcedure
    .meta({ summary: "Tools the user can run now, with their input schemas.", errors: ["UNAUTHENTICATED"] })
    .output(z.array(AvailableTool))
    .query(({ ctx }) => availableTools(ctx.user.id)),

  runTool: protectedProcedure
    .meta({
      summary: "Run a tool directly and add the call to the conversation.",
      errors: ["TOOL_UNAVAILABLE", "VALIDATION", "RATE_LIMITED"],
    })
    .input(RunToolRequest)
    .output(z.object({ outcome: ToolCallOutcome, messages: z.array(StoredMessage) }))
    .mutation(async ({ ctx, input }) => {
      await limitToolRuns(ctx.user.id);
      return runToolDirectly(ctx.user.id, input);
    }),

  decideApproval: protectedProcedure
    .meta({
      summary:
        "Answer a tool call waiting for approval: run it once with the stored arguments, allow the tool for this conversation, or decline.",
      errors: ["NOT_FOUND", "APPROVAL_MISMATCH"],
    })
    .input(DecideApprovalRequest)
    .output(ToolCallOutcome)
    .mutation(({ ctx, input }) => decideApproval(ctx.user.id, input)),

  /** Questions servers are waiting on in a conversation (the direct-run view shows them). */
  questions: protectedProcedure
    .meta({ summary: "Questions connectors' servers are waiting on in a conversation.", errors: ["UNAUTHENTICATED"] })
    .input(z.object({ conversationId: ConversationId }))
    .output(z.array(ElicitationViewSchema))
    .query(({ ctx, input }) => openQuestions(ctx.user.id, input.conversationId)),

  /** The latest progress of approved calls and direct runs running in a conversation (their cards poll it). */
  callProgress: protectedProcedure
    .meta({
      summary: "The latest progress of tool calls running outside the chat's stream in a conversation.",
      errors: ["UNAUTHENTICATED"],
    })
    .input(z.object({ conversationId: ConversationId }))
    .output(z.array(ToolProgress))
    .query(({ ctx, input }) => runningCallProgress(ctx.user.id, input.conversationId)),

  answerQuestion: protectedProcedure
    .meta({
      summary: "Answer a server's question: accept with the form's content, decline or cancel.",
      errors: ["NOT_FOUND", "VALIDATION", "ELICITATION_CLOSED"],
    })
    .input(AnswerElicitationInput)
    .output(ElicitationViewSchema)
    .mutation(({ ctx, input }) => answerElicitation(ctx.user.id, input)),

  stop: protectedProcedure
    .meta({ summary: "Stop the conversation's running answer and its tool calls.", errors: ["UNAUTHENTICATED"] })
    .input(z.object({ conversationId: ConversationId }))
    .output(z.object({ stopped: z.literal(true) }))
    .mutation(({ ctx, input }) => requestStop(ctx.user.id, input.conversationId)),
});
