import { createTRPCRouter } from "@/server/api/trpc";

export const connectorsRouter = createTRPCRouter({});
