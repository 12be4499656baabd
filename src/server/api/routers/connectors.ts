import { z } from "zod";
import { ConnectorCreateRequest, ConnectorResponse, ConnectorTestRequest, ConnectorTestResponse } from "@/lib/schemas/connectors";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { createConnector, getUserConnectors, testConnector } from "@/server/connectors/manager";

export const connectorsRouter = createTRPCRouter({
  list: protectedProcedure.output(z.array(ConnectorResponse)).query(({ ctx }) => getUserConnectors(ctx.user.id)),

  /** Runs the connection test; saves nothing. */
  test: protectedProcedure
    .input(ConnectorTestRequest)
    .output(ConnectorTestResponse)
    .mutation(({ ctx, input }) => testConnector(ctx.user.id, input)),

  create: protectedProcedure
    .input(ConnectorCreateRequest)
    .output(ConnectorResponse)
    .mutation(({ ctx, input }) => createConnector(ctx.user.id, input)),
});
