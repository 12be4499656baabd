import { accountRouter } from "./routers/account";
import { agentRouter } from "./routers/agent";
import { connectorsRouter } from "./routers/connectors";
import { toolsRouter } from "./routers/tools";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  tools: toolsRouter,
  connectors: connectorsRouter,
  agent: agentRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
