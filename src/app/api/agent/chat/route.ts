import { handleChatRoute } from "@/server/agent/route";

export const dynamic = "force-dynamic";
export const maxDuration = 300;
export { handleChatRoute as POST };
