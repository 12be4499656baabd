import { handleAppFrame } from "@/server/connectors/app-frame";

export const dynamic = "force-dynamic";
export { handleAppFrame as GET };
