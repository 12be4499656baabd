import { handleClientMetadata } from "@/server/http/tool-routes";

export const dynamic = "force-dynamic";
export { handleClientMetadata as GET };
