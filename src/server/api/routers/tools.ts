import {
  AnalyticsPeriod,
  ConnectToolResponse,
  SystemToolResponse,
  ToolIdRequest,
  UsageReport,
} from "@/lib/schemas/tools";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { usageReport } from "@/server/tools/analytics";
import { connectSystemTool, disconnectSystemTool, listSystemTools } from "@/server/tools/manager";
import { z } from "zod";

export const toolsRouter = createTRPCRouter({
  list: protectedProcedure
    .meta({ summary: "The system tools with their state for this user.", errors: ["UNAUTHENTICATED"] })
    .output(z.array(SystemToolResponse))
    .query(({ ctx }) => listSystemTools(ctx.user.id)),

  connect: protectedProcedure
    .meta({
      summary: "Connect a system tool (idempotent); OAuth tools answer with a URL for the popup.",
      errors: ["TOOL_NOT_CONFIGURED", "TOOL_UNAVAILABLE"],
    })
    .input(ToolIdRequest)
    .output(ConnectToolResponse)
    .mutation(({ ctx, input }) => connectSystemTool(ctx.user.id, input.toolId)),

  disconnect: protectedProcedure
    .meta({
      summary: "Disconnect a system tool, revoking and deleting its tokens (idempotent).",
      errors: ["UNAUTHENTICATED"],
    })
    .input(ToolIdRequest)
    .output(z.object({ state: z.literal("disconnected") }))
    .mutation(({ ctx, input }) => disconnectSystemTool(ctx.user.id, input.toolId)),

  analytics: protectedProcedure
    .meta({ summary: "The user’s tool usage over a period.", errors: ["VALIDATION"] })
    .input(z.object({ period: AnalyticsPeriod }))
    .output(UsageReport)
    .query(({ ctx, input }) => usageReport(ctx.user.id, input.period)),
});
