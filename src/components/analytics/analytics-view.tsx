"use client";

import { Download } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { PageHeader } from "@/components/layout/page";
import { plural } from "@/components/connectors/status";
import { buttonClasses } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Select } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import type { AnalyticsPeriod, SystemToolResponse, UsageReport } from "@/lib/schemas/tools";
import { api } from "@/trpc/react";

// recharts is most of this page's JavaScript: it loads after the page, only here.
const UsageCharts = dynamic(() => import("./usage-charts"), {
  ssr: false,
  loading: () => <p className="text-sm text-muted">Drawing the charts…</p>,
});

const PERIODS: { value: AnalyticsPeriod; label: string }[] = [
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
  { value: "90d", label: "Last 90 days" },
];

const pct = (x: number | null) => (x === null ? "–" : `${Math.round(x * 1000) / 10}%`);

type Row = UsageReport["byTool"][number];

/** A usage row's source and tool as people know them: "Gmail", "Search Gmail"; connectors by their name. */
function namer(systemTools: SystemToolResponse[] | undefined) {
  return {
    source: (t: Row) => (t.system ? (systemTools?.find((s) => s.id === t.source)?.name ?? t.source) : t.source),
    tool: (t: Row) =>
      t.system
        ? (systemTools?.find((s) => s.id === t.source)?.tools.find((x) => x.name === t.tool)?.title ?? t.tool)
        : t.tool,
  };
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Card className="flex flex-col gap-1 p-4">
      <span className="text-sm text-muted">{label}</span>
      <span className="text-2xl font-semibold tabular-nums">{value}</span>
    </Card>
  );
}

const EXPORTS = [
  { href: "/api/export?kind=tool_calls&format=json", label: "Tool calls (JSON)" },
  { href: "/api/export?kind=tool_calls&format=csv", label: "Tool calls (CSV)" },
  { href: "/api/export?kind=conversations&format=json", label: "Conversations (JSON)" },
  { href: "/api/export?kind=conversations&format=csv", label: "Conversations (CSV)" },
];

export function AnalyticsView() {
  const [period, setPeriod] = useState<AnalyticsPeriod>("7d");
  const report = api.tools.analytics.useQuery({ period });
  const systemTools = api.tools.list.useQuery();
  const names = namer(systemTools.data);
  const r = report.data;
  return (
    <>
      <PageHeader
        title="Analytics"
        description="Your own tool usage: calls, success rate and latency."
        actions={
          <Field label="Period" className="w-48">
            {(c) => (
              <Select {...c} value={period} onChange={(e) => setPeriod(e.target.value as AnalyticsPeriod)}>
                {PERIODS.map((p) => (
                  <option key={p.value} value={p.value}>
                    {p.label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        }
      />
      {report.isPending && <p className="text-sm text-muted">Computing your usage…</p>}
      {report.isError && (
        <Callout tone="danger" role="alert" className="flex flex-wrap items-center gap-2">
          <span className="grow">Your usage could not be loaded: {report.error.message}</span>
          <Button size="sm" onClick={() => void report.refetch()}>
            Try again
          </Button>
        </Callout>
      )}
      {r && (
        <>
          <div className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="analytics-totals">
            <Stat label="Tool calls" value={String(r.totals.calls)} />
            <Stat label="Success rate" value={pct(r.totals.successRate)} />
            <Stat label="Latency p50" value={`${Math.round(r.totals.p50)} ms`} />
            <Stat label="Latency p95" value={`${Math.round(r.totals.p95)} ms`} />
          </div>
          {r.totals.calls === 0 ? (
            <EmptyState title="No tool calls in this period.">
              Use tools in the chat and your usage shows up here.
            </EmptyState>
          ) : (
            <>
              <Card>
                <UsageCharts report={r} label={(t) => `${names.tool(t)} (${names.source(t)})`} />
              </Card>
              <Card as="section" aria-labelledby="usage-table" className="min-w-0">
                <h2 id="usage-table" className="mb-3 text-base font-semibold">
                  Usage per tool
                </h2>
                <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Usage per tool, scrollable">
                  <table className="w-full min-w-[32rem] border-collapse text-sm" aria-label="Usage per tool">
                    <thead>
                      <tr className="border-b border-border text-left text-muted">
                        <th className="py-2 pr-3 font-medium">Tool</th>
                        <th className="py-2 pr-3 font-medium">Source</th>
                        <th className="py-2 pr-3 text-right font-medium">Calls</th>
                        <th className="py-2 pr-3 text-right font-medium">Success</th>
                        <th className="py-2 pr-3 text-right font-medium">p50</th>
                        <th className="py-2 text-right font-medium">p95</th>
                      </tr>
                    </thead>
                    <tbody>
                      {r.byTool.map((t) => (
                        <tr
                          key={`${t.tool}|${t.source}|${String(t.system)}`}
                          className="border-b border-border last:border-0"
                        >
                          <td className="py-2 pr-3 break-words">{names.tool(t)}</td>
                          <td className="py-2 pr-3">{names.source(t)}</td>
                          <td className="py-2 pr-3 text-right tabular-nums">{t.calls}</td>
                          <td className="py-2 pr-3 text-right tabular-nums">{pct(t.successRate)}</td>
                          <td className="py-2 pr-3 text-right tabular-nums">{Math.round(t.p50)} ms</td>
                          <td className="py-2 text-right tabular-nums">{Math.round(t.p95)} ms</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <p className="mt-2 text-sm text-muted">
                  {plural(r.totals.calls, "call")} in total, {plural(r.totals.failures, "failure")}.
                </p>
              </Card>
            </>
          )}
        </>
      )}
      <Card as="section" aria-labelledby="export-heading" className="flex flex-col gap-3">
        <h2 id="export-heading" className="text-base font-semibold">
          Export
        </h2>
        <p className="text-sm text-muted">
          Download your history. Large histories are streamed, so the download starts at once.
        </p>
        <div className="flex flex-wrap gap-2">
          {EXPORTS.map((e) => (
            <a key={e.href} className={buttonClasses("secondary", "md")} href={e.href} download>
              <Download aria-hidden="true" className="size-4" />
              {e.label}
            </a>
          ))}
        </div>
      </Card>
    </>
  );
}
