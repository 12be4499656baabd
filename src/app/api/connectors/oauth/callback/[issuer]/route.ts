import { handleConnectorOAuthCallback } from "@/server/connectors/routes";

export const dynamic = "force-dynamic";
export { handleConnectorOAuthCallback as GET };
