// The user's own usage, computed from the tool-call log.
import { AnalyticsPeriod, type UsageReport } from "@/lib/schemas/tools";
import { dailyCalls, failuresByCode, latencyPercentiles, usageByTool } from "@/server/db/tool-calls";
import { defineTool, type SystemAgentTool } from "@/server/tools/types";
import { z } from "zod";

const PERIOD_MS: Record<AnalyticsPeriod, number> = {
  "24h": 864e5,
  "7d": 7 * 864e5,
  "30d": 30 * 864e5,
  "90d": 90 * 864e5,
};

const rate = (calls: number, failures: number) => (calls === 0 ? 1 : (calls - failures) / calls);

export async function usageReport(userId: string, period: AnalyticsPeriod, now = new Date()): Promise<UsageReport> {
  const since = new Date(now.getTime() - PERIOD_MS[period]);
  const [byTool, failures, totals, daily] = await Promise.all([
    usageByTool(userId, since),
    failuresByCode(userId, since),
    latencyPercentiles(userId, since),
    dailyCalls(userId, since),
  ]);
  return {
    period,
    since,
    totals: { ...totals, successRate: totals.calls === 0 ? null : rate(totals.calls, totals.failures) },
    byTool: byTool.map((r) => ({ ...r, successRate: rate(r.calls, r.failures) })),
    failuresByCode: failures,
    daily,
  };
}

export function summarize(r: UsageReport): string {
  if (r.totals.calls === 0) return `No tool calls in the last ${r.period}.`;
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  const lines = [
    `Last ${r.period}: ${r.totals.calls} tool calls, ${pct(r.totals.successRate ?? 1)} succeeded, latency p50 ${Math.round(r.totals.p50)} ms, p95 ${Math.round(r.totals.p95)} ms.`,
    ...r.byTool.map(
      (t) =>
        `- ${t.tool} (${t.source}): ${t.calls} calls, ${pct(t.successRate)} ok, p50 ${Math.round(t.p50)} ms, p95 ${Math.round(t.p95)} ms`,
    ),
  ];
  if (r.failuresByCode.length)
    lines.push(`Failures by code: ${r.failuresByCode.map((f) => `${f.code} ${f.count}`).join(", ")}`);
  return lines.join("\n");
}

export const analyticsTools: SystemAgentTool[] = [
  defineTool({
    name: "analytics_usage",
    title: "Tool usage",
    description:
      "The user's own tool usage over a period: calls per tool and connector, success rate, p50/p95 latency and failures by error code.",
    input: z.object({ period: AnalyticsPeriod.default("7d").describe("24h, 7d, 30d or 90d") }),
    async run(ctx, { period }) {
      const report = await usageReport(ctx.userId, period);
      return { text: summarize(report), structured: report };
    },
  }),
];
