import { handleConnectorOAuthCallback } from "@/server/http/tool-routes";

export const dynamic = "force-dynamic";
export { handleConnectorOAuthCallback as GET };
