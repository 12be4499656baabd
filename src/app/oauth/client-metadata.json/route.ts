import { handleClientMetadata } from "@/server/connectors/routes";

export const dynamic = "force-dynamic";
export { handleClientMetadata as GET };
