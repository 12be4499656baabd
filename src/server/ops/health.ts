// GET /api/health for load balancers and orchestrators: 200 when the database answers and
// every migration is applied, 503 otherwise (and while the process drains for shutdown).
// No authentication and no internals: only what a probe needs.
import { database, prepareDatabase } from "@/server/db/client";
import { pendingMigrations } from "@/server/db/migrate";
import { isDraining } from "@/server/platform/lifecycle";
import { logger } from "@/server/platform/log";

const PROBE_TIMEOUT_MS = 3_000;

function withDeadline<T>(ms: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work(), late]).finally(() => clearTimeout(timer));
}
const noStore = { "cache-control": "no-store" };

function unavailable(reason: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ status: "unavailable", reason, ...extra }, { status: 503, headers: noStore });
}

export async function handleHealth(): Promise<Response> {
  if (isDraining()) return unavailable("shutting down");
  let pending: string[];
  try {
    pending = await withDeadline(PROBE_TIMEOUT_MS, async () => {
      await prepareDatabase();
      await database().sql.query("SELECT 1");
      return pendingMigrations(database().sql);
    });
  } catch (err) {
    logger().warn({ event: "health.database", err }, "health check: database unreachable");
    return unavailable("database unreachable");
  }
  if (pending.length > 0) return unavailable("migrations pending", { pending: pending.length });
  return Response.json({ status: "ok", database: database().kind }, { headers: noStore });
}
