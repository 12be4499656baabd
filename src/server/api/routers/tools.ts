import { z } from "zod";
import { AnalyticsPeriod, ConnectToolResponse, SystemToolResponse, ToolIdRequest, UsageReport } from "@/lib/schemas/tools";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { usageReport } from "@/server/tools/analytics";
import { connectSystemTool, disconnectSystemTool, listSystemTools } from "@/server/tools/manager";

export const toolsRouter = createTRPCRouter({
  list: protectedProcedure.output(z.array(SystemToolResponse)).query(({ ctx }) => listSystemTools(ctx.user.id)),

  connect: protectedProcedure
    .input(ToolIdRequest)
    .output(ConnectToolResponse)
    .mutation(({ ctx, input }) => connectSystemTool(ctx.user.id, input.toolId)),

  disconnect: protectedProcedure
    .input(ToolIdRequest)
    .output(z.object({ state: z.literal("disconnected") }))
    .mutation(({ ctx, input }) => disconnectSystemTool(ctx.user.id, input.toolId)),

  analytics: protectedProcedure
    .input(z.object({ period: AnalyticsPeriod }))
    .output(UsageReport)
    .query(({ ctx, input }) => usageReport(ctx.user.id, input.period)),
});
