import { accountRouter } from "@/server/api/routers/account";
import { agentRouter } from "@/server/api/routers/agent";
import { connectorsRouter } from "@/server/api/routers/connectors";
import { databasesRouter } from "@/server/api/routers/databases";
import { mcpRouter } from "@/server/api/routers/mcp";
import { toolPolicyRouter } from "@/server/api/routers/tool-policy";
import { toolsRouter } from "@/server/api/routers/tools";
import { createCallerFactory, createTRPCRouter } from "@/server/api/trpc";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  tools: toolsRouter,
  connectors: connectorsRouter,
  databases: databasesRouter,
  agent: agentRouter,
  mcp: mcpRouter,
  toolPolicy: toolPolicyRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
