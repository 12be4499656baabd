import { AppToolCallRequest, ToolCallOutcome } from "@/lib/schemas/agent";
import {
  CompleteRequest,
  ExpandTemplateRequest,
  GetPromptRequest,
  PromptListing,
  PromptMessages,
  ReadResourceRequest,
  ResourceContent,
  ResourceListing,
  ConnectorRef,
} from "@/lib/schemas/mcp";
import { AppSandbox, AppSandboxRequest } from "@/lib/schemas/mcp-apps";
import { callToolFromApp } from "@/server/agent/apps";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { appSandbox } from "@/server/connectors/app-frame";
import { getPrompt, listPrompts } from "@/server/connectors/prompts";
import { complete, expandTemplate, listResources, readResource } from "@/server/connectors/resources";
import { z } from "zod";

/**
 * What a request to a connector's server may end in: turned off, refused (in the server's
 * words), an answer outside the protocol, no answer in time.
 */
const SERVER_ERRORS = ["TOOL_UNAVAILABLE", "TOOL_ERROR", "TOOL_FAILED", "TIMEOUT"] as const;

/** What a connector offers besides tools: resources, templates, completion, prompts, MCP Apps. */
export const mcpRouter = createTRPCRouter({
  resources: protectedProcedure
    .meta({ summary: "A connector’s resources and resource templates.", errors: ["NOT_FOUND", ...SERVER_ERRORS] })
    .input(ConnectorRef)
    .output(ResourceListing)
    .query(({ ctx, input }) => listResources(ctx.user.id, input.connectorId)),

  readResource: protectedProcedure
    .meta({
      summary: "Read one resource, to attach or to open from a tool result (text capped, binary described).",
      errors: ["NOT_FOUND", "VALIDATION", ...SERVER_ERRORS],
    })
    .input(ReadResourceRequest.extend({ name: z.string().max(200).optional() }))
    .output(z.array(ResourceContent))
    .mutation(({ ctx, input }) => readResource(ctx.user.id, input)),

  readTemplate: protectedProcedure
    .meta({
      summary: "Fill in a resource template and read the resource.",
      errors: ["NOT_FOUND", "VALIDATION", ...SERVER_ERRORS],
    })
    .input(ExpandTemplateRequest.extend({ name: z.string().max(200).optional() }))
    .output(z.array(ResourceContent))
    .mutation(({ ctx, input }) =>
      readResource(ctx.user.id, {
        connectorId: input.connectorId,
        uri: expandTemplate(input.uriTemplate, input.values),
        ...(input.name ? { name: input.name } : {}),
      }),
    ),

  complete: protectedProcedure
    .meta({ summary: "Suggestions for an argument of a template or prompt.", errors: ["NOT_FOUND", ...SERVER_ERRORS] })
    .input(CompleteRequest)
    .output(z.array(z.string()))
    .query(({ ctx, input }) => complete(ctx.user.id, input)),

  prompts: protectedProcedure
    .meta({ summary: "The prompts of the user’s enabled connectors.", errors: ["UNAUTHENTICATED"] })
    .output(PromptListing)
    .query(({ ctx }) => listPrompts(ctx.user.id)),

  getPrompt: protectedProcedure
    .meta({
      summary: "A prompt filled in with its arguments: its messages.",
      errors: ["NOT_FOUND", "VALIDATION", ...SERVER_ERRORS],
    })
    .input(GetPromptRequest)
    .output(PromptMessages)
    .mutation(({ ctx, input }) => getPrompt(ctx.user.id, input)),

  appCallTool: protectedProcedure
    .meta({
      summary:
        "A tool call from an MCP App shown in a conversation, to the app's own connector; one that asks first comes back pending, with the approval.toolCallId that agent.decideApproval answers.",
      errors: ["NOT_FOUND", "TOOL_UNAVAILABLE"],
    })
    .input(AppToolCallRequest)
    .output(ToolCallOutcome)
    .mutation(({ ctx, input }) => callToolFromApp(ctx.user.id, input)),

  appSandbox: protectedProcedure
    .meta({
      summary: "What an MCP App is granted before it loads: the permissions and domains it declared that are kept.",
      errors: ["NOT_FOUND", "VALIDATION", "TOOL_UNAVAILABLE", "TOOL_ERROR", "TIMEOUT"],
    })
    .input(AppSandboxRequest)
    .output(AppSandbox)
    .query(({ ctx, input }) => appSandbox(ctx.user.id, input.connectorId, input.uri)),
});
