// Process metrics in the Prometheus text format, for GET /api/metrics. Kept on globalThis:
// Next loads route handlers and instrumentation as separate bundles of one process.
type Labels = Record<string, string>;
type Counter = { help: string; values: Map<string, number> };
type Series = { counts: number[]; sum: number; count: number };
type Histogram = {
  help: string;
  buckets: number[];
  series: Map<string, Series>;
};
type Gauge = { help: string; read: () => number };

type Registry = { counters: Map<string, Counter>; histograms: Map<string, Histogram>; gauges: Map<string, Gauge> };

const KEY = Symbol.for("connectors.metrics");
const LATENCY_BUCKETS_MS = [10, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000];

function registry(): Registry {
  const g = globalThis as typeof globalThis & { [KEY]?: Registry };
  g[KEY] ??= { counters: new Map(), histograms: new Map(), gauges: new Map() };
  return g[KEY];
}

const labelKey = (labels: Labels) =>
  Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`)
    .join(",");

export function incrementCounter(name: string, help: string, labels: Labels = {}, by = 1): void {
  const counters = registry().counters;
  const counter = counters.get(name) ?? { help, values: new Map() };
  counters.set(name, counter);
  const key = labelKey(labels);
  counter.values.set(key, (counter.values.get(key) ?? 0) + by);
}

export function observeMs(name: string, help: string, ms: number, labels: Labels = {}): void {
  const histograms = registry().histograms;
  const h: Histogram = histograms.get(name) ?? { help, buckets: LATENCY_BUCKETS_MS, series: new Map<string, Series>() };
  histograms.set(name, h);
  const key = labelKey(labels);
  const s: Series = h.series.get(key) ?? { counts: h.buckets.map(() => 0), sum: 0, count: 0 };
  h.series.set(key, s);
  h.buckets.forEach((le, i) => {
    if (ms <= le) s.counts[i]! += 1;
  });
  s.sum += ms;
  s.count += 1;
}

/** A value read when metrics are scraped (e.g. the size of a pool). */
export function registerGauge(name: string, help: string, read: () => number): void {
  registry().gauges.set(name, { help, read });
}

const braces = (key: string, extra = "") => {
  const all = [key, extra].filter(Boolean).join(",");
  return all ? `{${all}}` : "";
};

export function renderMetrics(): string {
  const { counters, histograms, gauges } = registry();
  const lines: string[] = [];
  for (const [name, c] of counters) {
    lines.push(`# HELP ${name} ${c.help}`, `# TYPE ${name} counter`);
    for (const [key, value] of c.values) lines.push(`${name}${braces(key)} ${value}`);
  }
  for (const [name, h] of histograms) {
    lines.push(`# HELP ${name} ${h.help}`, `# TYPE ${name} histogram`);
    for (const [key, s] of h.series) {
      h.buckets.forEach((le, i) => lines.push(`${name}_bucket${braces(key, `le="${le}"`)} ${s.counts[i]}`));
      lines.push(`${name}_bucket${braces(key, 'le="+Inf"')} ${s.count}`);
      lines.push(`${name}_sum${braces(key)} ${s.sum}`, `${name}_count${braces(key)} ${s.count}`);
    }
  }
  for (const [name, g] of gauges) {
    lines.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} gauge`, `${name} ${g.read()}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Forgets every value (tests). */
export function resetMetricsForTests(): void {
  const r = registry();
  r.counters.clear();
  r.histograms.clear();
}
