"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { UsageReport } from "@/lib/schemas/tools";

// Mid-tone colours readable on the light and the dark surface alike.
const COLORS = { calls: "#5b73e8", failures: "#e5484d", ok: "#30a46c", warn: "#d08a1a" };
const AXIS = { fill: "currentColor", fontSize: 12 };
const GRID = { stroke: "currentColor", strokeOpacity: 0.15 };

function shortDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime())
    ? day
    : d.toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
}

/** Long names are cut on the axis (the tooltip and the table below show them whole). */
function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function ChartBox({ title, height, children }: { title: string; height: number; children: React.ReactElement }) {
  return (
    <figure className="min-w-0 text-muted">
      <figcaption className="mb-2 text-base font-semibold text-fg">
        <h2>{title}</h2>
      </figcaption>
      <div style={{ height }} className="w-full min-w-0" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/**
 * The charts of the Analytics page. Loaded on its own (next/dynamic) so the chart library
 * is only downloaded where it is drawn. The numbers are also in the table, which is what
 * screen readers read: the charts are hidden from them.
 */
export default function UsageCharts({
  report: r,
  label,
}: {
  report: UsageReport;
  label: (t: UsageReport["byTool"][number]) => string;
}) {
  const perTool = r.byTool.map((t) => ({ label: label(t), succeeded: t.calls - t.failures, failures: t.failures }));
  return (
    <div className="grid min-w-0 gap-6 lg:grid-cols-2">
      <ChartBox title="Calls per day" height={220}>
        <LineChart data={r.daily} margin={{ top: 5, right: 12, left: -12, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" {...GRID} />
          <XAxis dataKey="day" tickFormatter={shortDay} tick={AXIS} minTickGap={24} interval="preserveStartEnd" />
          <YAxis allowDecimals={false} tick={AXIS} width={40} />
          <Tooltip labelFormatter={(d) => (typeof d === "string" ? shortDay(d) : d)} />
          <Legend />
          <Line type="monotone" dataKey="calls" name="Calls" stroke={COLORS.calls} strokeWidth={2} dot={false} />
          <Line
            type="monotone"
            dataKey="failures"
            name="Failures"
            stroke={COLORS.failures}
            strokeWidth={2}
            dot={false}
          />
        </LineChart>
      </ChartBox>
      <ChartBox title="Calls per tool" height={Math.max(160, perTool.length * 40 + 60)}>
        <BarChart data={perTool} layout="vertical" margin={{ top: 5, right: 12, left: 0, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" {...GRID} />
          <XAxis type="number" allowDecimals={false} tick={AXIS} />
          <YAxis
            type="category"
            dataKey="label"
            width={130}
            tick={AXIS}
            tickFormatter={(v: string) => cut(v, 18)}
            interval={0}
          />
          <Tooltip />
          <Legend />
          <Bar dataKey="succeeded" name="Succeeded" stackId="a" fill={COLORS.ok} />
          <Bar dataKey="failures" name="Failed" stackId="a" fill={COLORS.failures} />
        </BarChart>
      </ChartBox>
      {r.failuresByCode.length > 0 && (
        <ChartBox title="Failures by error code" height={Math.max(140, r.failuresByCode.length * 36 + 40)}>
          <BarChart data={r.failuresByCode} layout="vertical" margin={{ top: 5, right: 12, left: 0, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" {...GRID} />
            <XAxis type="number" allowDecimals={false} tick={AXIS} />
            <YAxis
              type="category"
              dataKey="code"
              width={130}
              tick={AXIS}
              tickFormatter={(v: string) => cut(v, 18)}
              interval={0}
            />
            <Tooltip />
            <Bar dataKey="count" name="Failures" fill={COLORS.warn} />
          </BarChart>
        </ChartBox>
      )}
    </div>
  );
}
