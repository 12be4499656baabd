import { createTRPCRouter } from "@/server/api/trpc";

// System tools (Gmail, Analytics, Export): filled in by the Apps menu work.
export const toolsRouter = createTRPCRouter({});
