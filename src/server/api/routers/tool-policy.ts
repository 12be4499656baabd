import {
  AcceptToolChangeRequest,
  ToolPolicy,
  ToolReview,
  ToolReviewRequest,
  ToolSettingsRequest,
  ToolSettingView,
  UpdateToolSettingRequest,
} from "@/lib/schemas/tool-policy";
import { acceptToolChange, connectorToolSettings, toolReview, updateToolSetting } from "@/server/agent/tool-settings";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { z } from "zod";

export const toolPolicyRouter = createTRPCRouter({
  list: protectedProcedure
    .meta({
      summary: "A connector's tools with on/off, approval policy and whether each changed since accepted.",
      errors: ["NOT_FOUND"],
    })
    .input(ToolSettingsRequest)
    .output(z.array(ToolSettingView))
    .query(({ ctx, input }) => connectorToolSettings(ctx.user.id, input.connectorId)),

  update: protectedProcedure
    .meta({ summary: "Turn one tool on or off, or set its approval policy.", errors: ["NOT_FOUND", "VALIDATION"] })
    .input(UpdateToolSettingRequest)
    .output(z.object({ enabled: z.boolean(), policy: ToolPolicy }))
    .mutation(({ ctx, input }) => updateToolSetting(ctx.user.id, input)),

  review: protectedProcedure
    .meta({ summary: "A changed tool's accepted definition next to its current one.", errors: ["NOT_FOUND"] })
    .input(ToolReviewRequest)
    .output(ToolReview)
    .query(({ ctx, input }) => toolReview(ctx.user.id, input.connectorId, input.toolName)),

  accept: protectedProcedure
    .meta({
      summary: "Accept a tool's current definition (the one reviewed): it is offered again.",
      errors: ["NOT_FOUND", "TOOL_CHANGED"],
    })
    .input(AcceptToolChangeRequest)
    .output(z.object({ accepted: z.literal(true) }))
    .mutation(({ ctx, input }) => acceptToolChange(ctx.user.id, input)),
});
