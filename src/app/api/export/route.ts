import { handleExport } from "@/server/http/tool-routes";

export const dynamic = "force-dynamic";
export { handleExport as GET };
