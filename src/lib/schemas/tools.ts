// System tool schemas shared by the tools router and the React client.
import { z } from "zod";

export const SystemToolId = z.enum(["databases", "gmail", "analytics", "export", "calendar"]);
export type SystemToolId = z.infer<typeof SystemToolId>;

export const SystemToolResponse = z.object({
  id: SystemToolId,
  name: z.string(),
  description: z.string(),
  status: z.enum(["available", "beta"]),
  connect: z.enum(["oauth", "builtin"]),
  state: z.enum(["connected", "disconnected", "not_configured", "coming_soon"]),
  /** What an administrator must set, when the tool is not configured. */
  notConfiguredReason: z.string().nullable(),
  /** Who the tool is signed in as, when the provider says. */
  account: z.string().nullable(),
  connectedAt: z.date().nullable(),
  tools: z.array(
    z.object({ name: z.string(), title: z.string(), description: z.string(), requiresConfirmation: z.boolean() }),
  ),
});
export type SystemToolResponse = z.infer<typeof SystemToolResponse>;

export const ToolIdRequest = z.object({ toolId: SystemToolId });

export const ConnectToolResponse = z.discriminatedUnion("state", [
  z.object({ state: z.literal("connected") }),
  /** Open this URL in a popup; the callback finishes the connection. */
  z.object({ state: z.literal("authorize"), authorizeUrl: z.string() }),
]);
export type ConnectToolResponse = z.infer<typeof ConnectToolResponse>;

export const AnalyticsPeriod = z.enum(["24h", "7d", "30d", "90d"]);
export type AnalyticsPeriod = z.infer<typeof AnalyticsPeriod>;

export const UsageReport = z.object({
  period: AnalyticsPeriod,
  since: z.date(),
  totals: z.object({
    calls: z.number(),
    failures: z.number(),
    successRate: z.number().nullable(),
    p50: z.number(),
    p95: z.number(),
  }),
  byTool: z.array(
    z.object({
      tool: z.string(),
      /** A connector's name, or a system tool's id (`system`): the UI shows the tool's name. */
      source: z.string(),
      system: z.boolean(),
      calls: z.number(),
      failures: z.number(),
      successRate: z.number(),
      p50: z.number(),
      p95: z.number(),
    }),
  ),
  failuresByCode: z.array(z.object({ code: z.string(), count: z.number() })),
  daily: z.array(z.object({ day: z.string(), calls: z.number(), failures: z.number() })),
});
export type UsageReport = z.infer<typeof UsageReport>;

export const ExportKind = z.enum(["tool_calls", "conversations"]);
export const ExportFormat = z.enum(["json", "csv"]);
export type ExportKind = z.infer<typeof ExportKind>;
export type ExportFormat = z.infer<typeof ExportFormat>;
