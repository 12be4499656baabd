import { handleGmailCallback } from "@/server/http/tool-routes";

export const dynamic = "force-dynamic";
export { handleGmailCallback as GET };
