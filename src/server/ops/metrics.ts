// GET /api/metrics in the Prometheus text format, for a scraper holding METRICS_TOKEN
// (Authorization: Bearer …). Without a configured token the endpoint does not exist (404).
import { timingSafeEqual } from "node:crypto";
import { env } from "@/env";
import { inFlightCount } from "@/server/platform/lifecycle";
import { registerGauge, renderMetrics } from "@/server/platform/metrics";

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function handleMetrics(req: Request): Response {
  const token = env().METRICS_TOKEN;
  if (!token) return new Response("Not found", { status: 404 });
  const sent = /^Bearer (.+)$/i.exec(req.headers.get("authorization") ?? "")?.[1] ?? "";
  if (!sameSecret(sent, token))
    return new Response("Unauthorized", { status: 401, headers: { "www-authenticate": 'Bearer realm="metrics"' } });
  registerGauge("connectors_chat_streams_in_flight", "Chat answers being streamed.", inFlightCount);
  registerGauge(
    "connectors_process_resident_bytes",
    "Resident memory of the process.",
    () => process.memoryUsage().rss,
  );
  return new Response(renderMetrics(), {
    headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" },
  });
}
