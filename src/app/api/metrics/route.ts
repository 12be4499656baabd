import { handleMetrics } from "@/server/ops/metrics";

export const dynamic = "force-dynamic";
export { handleMetrics as GET };
