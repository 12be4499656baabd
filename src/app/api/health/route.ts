import { handleHealth } from "@/server/ops/health";

export const dynamic = "force-dynamic";
export { handleHealth as GET };
