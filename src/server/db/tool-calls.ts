// Repository for the tool-call log of each user, and the usage figures computed from it.
import { prisma } from "./client";
import { conversationClientId, conversationKey } from "./conversations";
import { storable } from "./json";

export type NewToolCall = {
  userId: string;
  conversationId?: string | null;
  connectorId?: string | null;
  connectorName?: string | null;
  systemToolId?: string | null;
  toolName: string;
  durationMs: number;
  ok: boolean;
  errorCode?: string | null;
  arguments?: unknown;
  result?: unknown;
};

export async function recordToolCall(raw: NewToolCall): Promise<string> {
  const call = storable(raw);
  const row = await prisma().toolCall.create({
    data: {
      ...call,
      conversationId: call.conversationId ? conversationKey(call.userId, call.conversationId) : null,
      arguments: call.arguments ?? undefined,
      result: call.result ?? undefined,
    },
    select: { id: true },
  });
  return row.id;
}

export type UsageRow = {
  tool: string;
  source: string;
  /** Whether `source` is a system tool's id (shown by its name) or a connector's name. */
  system: boolean;
  calls: number;
  failures: number;
  p50: number;
  p95: number;
};
export type FailureRow = { code: string; count: number };
export type DailyRow = { day: string; calls: number; failures: number };

export async function usageByTool(userId: string, since: Date): Promise<UsageRow[]> {
  const rows = await prisma().$queryRaw<
    {
      tool: string;
      source: string;
      system: boolean;
      calls: bigint | number;
      failures: bigint | number;
      p50: number | null;
      p95: number | null;
    }[]
  >`
    SELECT tool_name AS tool,
           COALESCE(connector_name, system_tool_id, 'direct') AS source,
           (connector_name IS NULL AND system_tool_id IS NOT NULL) AS system,
           count(*) AS calls,
           count(*) FILTER (WHERE NOT ok) AS failures,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95
      FROM tool_calls
     WHERE user_id = ${userId} AND created_at >= ${since}
     GROUP BY 1, 2, 3
     ORDER BY calls DESC, tool`;
  return rows.map((r) => ({
    tool: r.tool,
    source: r.source,
    system: r.system,
    calls: Number(r.calls),
    failures: Number(r.failures),
    p50: Number(r.p50 ?? 0),
    p95: Number(r.p95 ?? 0),
  }));
}

export async function failuresByCode(userId: string, since: Date): Promise<FailureRow[]> {
  const rows = await prisma().$queryRaw<{ code: string; count: bigint | number }[]>`
    SELECT COALESCE(error_code, 'UNKNOWN') AS code, count(*) AS count
      FROM tool_calls
     WHERE user_id = ${userId} AND created_at >= ${since} AND NOT ok
     GROUP BY 1 ORDER BY 2 DESC`;
  return rows.map((r) => ({ code: r.code, count: Number(r.count) }));
}

export async function latencyPercentiles(
  userId: string,
  since: Date,
): Promise<{ calls: number; failures: number; p50: number; p95: number }> {
  const rows = await prisma().$queryRaw<
    { calls: bigint | number; failures: bigint | number; p50: number | null; p95: number | null }[]
  >`
    SELECT count(*) AS calls, count(*) FILTER (WHERE NOT ok) AS failures,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95
      FROM tool_calls WHERE user_id = ${userId} AND created_at >= ${since}`;
  const r = rows[0];
  return {
    calls: Number(r?.calls ?? 0),
    failures: Number(r?.failures ?? 0),
    p50: Number(r?.p50 ?? 0),
    p95: Number(r?.p95 ?? 0),
  };
}

export async function dailyCalls(userId: string, since: Date): Promise<DailyRow[]> {
  const rows = await prisma().$queryRaw<{ day: string; calls: bigint | number; failures: bigint | number }[]>`
    SELECT to_char(date_trunc('day', created_at), 'YYYY-MM-DD') AS day, count(*) AS calls, count(*) FILTER (WHERE NOT ok) AS failures
      FROM tool_calls WHERE user_id = ${userId} AND created_at >= ${since}
     GROUP BY 1 ORDER BY 1`;
  return rows.map((r) => ({ day: r.day, calls: Number(r.calls), failures: Number(r.failures) }));
}

/** A page of the user's tool calls, oldest first, for streaming exports. */
export async function toolCallPage(userId: string, afterId: string | undefined, take: number) {
  const rows = await prisma().toolCall.findMany({
    where: { userId, ...(afterId ? { id: { gt: afterId } } : {}) },
    orderBy: { id: "asc" },
    take,
    select: {
      id: true,
      createdAt: true,
      conversationId: true,
      connectorName: true,
      systemToolId: true,
      toolName: true,
      durationMs: true,
      ok: true,
      errorCode: true,
      arguments: true,
      result: true,
    },
  });
  return rows.map((r) => ({
    ...r,
    conversationId: r.conversationId ? conversationClientId(userId, r.conversationId) : null,
  }));
}
