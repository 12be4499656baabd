import { handleChatRoute } from "@/server/agent/route";
import { sameOriginJson } from "@/server/platform/same-origin";

export const dynamic = "force-dynamic";
export const maxDuration = 300;
export const POST = sameOriginJson(handleChatRoute);
