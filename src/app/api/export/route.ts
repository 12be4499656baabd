import { handleExport } from "@/server/tools/routes";

export const dynamic = "force-dynamic";
export { handleExport as GET };
