import { createTRPCRouter } from "@/server/api/trpc";

// The chat agent: filled in by the agent work.
export const agentRouter = createTRPCRouter({});
