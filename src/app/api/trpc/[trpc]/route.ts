import { handleTrpc } from "@/server/api/http";
import { sameOriginJson } from "@/server/platform/same-origin";

export const dynamic = "force-dynamic";
export { handleTrpc as GET };
export const POST = sameOriginJson(handleTrpc);
