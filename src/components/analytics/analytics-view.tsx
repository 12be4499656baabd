"use client";

import { useState } from "react";
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
import type { AnalyticsPeriod } from "@/lib/schemas/tools";
import { api } from "@/trpc/react";

const PERIODS: { value: AnalyticsPeriod; label: string }[] = [
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
  { value: "90d", label: "Last 90 days" },
];

const pct = (x: number | null) => (x === null ? "–" : `${Math.round(x * 1000) / 10}%`);

export function AnalyticsView() {
  const [period, setPeriod] = useState<AnalyticsPeriod>("7d");
  const report = api.tools.analytics.useQuery({ period });
  const r = report.data;
  return (
    <div className="stack">
      <div className="row wrap">
        <h1 className="grow">Analytics</h1>
        <label className="row">
          Period
          <select value={period} onChange={(e) => setPeriod(e.target.value as AnalyticsPeriod)}>
            {PERIODS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {report.isPending && <p className="muted">Computing your usage…</p>}
      {report.isError && (
        <div className="form-error" role="alert">
          Your usage could not be loaded: {report.error.message}{" "}
          <button type="button" onClick={() => void report.refetch()}>
            Try again
          </button>
        </div>
      )}
      {r && (
        <>
          <div className="stats" data-testid="analytics-totals">
            <div className="panel stat">
              <div className="muted small">Tool calls</div>
              <div className="stat-value">{r.totals.calls}</div>
            </div>
            <div className="panel stat">
              <div className="muted small">Success rate</div>
              <div className="stat-value">{pct(r.totals.successRate)}</div>
            </div>
            <div className="panel stat">
              <div className="muted small">Latency p50</div>
              <div className="stat-value">{Math.round(r.totals.p50)} ms</div>
            </div>
            <div className="panel stat">
              <div className="muted small">Latency p95</div>
              <div className="stat-value">{Math.round(r.totals.p95)} ms</div>
            </div>
          </div>
          {r.totals.calls === 0 ? (
            <div className="empty">
              <p>No tool calls in this period.</p>
              <p className="muted">Use tools in the chat and your usage shows up here.</p>
            </div>
          ) : (
            <>
              <section className="panel stack">
                <h2>Calls per day</h2>
                <ResponsiveContainer width="100%" height={220}>
                  <LineChart data={r.daily}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="day" />
                    <YAxis allowDecimals={false} />
                    <Tooltip />
                    <Legend />
                    <Line type="monotone" dataKey="calls" name="Calls" stroke="#3b5bdb" />
                    <Line type="monotone" dataKey="failures" name="Failures" stroke="#c92a2a" />
                  </LineChart>
                </ResponsiveContainer>
              </section>
              <section className="panel stack">
                <h2>Calls per tool</h2>
                <ResponsiveContainer width="100%" height={Math.max(160, r.byTool.length * 36)}>
                  <BarChart
                    data={r.byTool.map((t) => ({
                      ...t,
                      label: `${t.tool} (${t.source})`,
                      succeeded: t.calls - t.failures,
                    }))}
                    layout="vertical"
                    margin={{ left: 40 }}
                  >
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis type="number" allowDecimals={false} />
                    <YAxis type="category" dataKey="label" width={180} />
                    <Tooltip />
                    <Legend />
                    <Bar dataKey="succeeded" name="Succeeded" stackId="a" fill="#2b8a3e" />
                    <Bar dataKey="failures" name="Failed" stackId="a" fill="#c92a2a" />
                  </BarChart>
                </ResponsiveContainer>
                <table className="table" aria-label="Usage per tool">
                  <thead>
                    <tr>
                      <th>Tool</th>
                      <th>Source</th>
                      <th>Calls</th>
                      <th>Success</th>
                      <th>p50</th>
                      <th>p95</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.byTool.map((t) => (
                      <tr key={`${t.tool}|${t.source}`}>
                        <td>
                          <code>{t.tool}</code>
                        </td>
                        <td>{t.source}</td>
                        <td>{t.calls}</td>
                        <td>{pct(t.successRate)}</td>
                        <td>{Math.round(t.p50)} ms</td>
                        <td>{Math.round(t.p95)} ms</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              {r.failuresByCode.length > 0 && (
                <section className="panel stack">
                  <h2>Failures by error code</h2>
                  <ResponsiveContainer width="100%" height={200}>
                    <BarChart data={r.failuresByCode}>
                      <CartesianGrid strokeDasharray="3 3" />
                      <XAxis dataKey="code" />
                      <YAxis allowDecimals={false} />
                      <Tooltip />
                      <Bar dataKey="count" name="Failures" fill="#e67700" />
                    </BarChart>
                  </ResponsiveContainer>
                </section>
              )}
            </>
          )}
        </>
      )}
      <section className="panel stack" aria-labelledby="export-heading">
        <h2 id="export-heading">Export</h2>
        <p className="muted">Download your history. Large histories are streamed, so the download starts at once.</p>
        <div className="row wrap">
          <a className="button" href="/api/export?kind=tool_calls&format=json" download>
            Tool calls (JSON)
          </a>
          <a className="button" href="/api/export?kind=tool_calls&format=csv" download>
            Tool calls (CSV)
          </a>
          <a className="button" href="/api/export?kind=conversations&format=json" download>
            Conversations (JSON)
          </a>
          <a className="button" href="/api/export?kind=conversations&format=csv" download>
            Conversations (CSV)
          </a>
        </div>
      </section>
    </div>
  );
}
