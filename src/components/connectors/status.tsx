import { Badge, type Tone } from "@/components/ui/badge";
import type { ConnectorResponse } from "@/lib/schemas/connectors";

const STATUS: Record<ConnectorResponse["status"], { label: string; tone: Tone }> = {
  connected: { label: "Connected", tone: "ok" },
  failing: { label: "Failing", tone: "danger" },
  needs_sign_in: { label: "Needs sign-in", tone: "warn" },
  disabled: { label: "Disabled", tone: "neutral" },
};

export function StatusBadge({ status, testId }: { status: ConnectorResponse["status"]; testId?: string }) {
  const s = STATUS[status];
  return (
    <Badge tone={s.tone} dot data-testid={testId}>
      {s.label}
    </Badge>
  );
}

/** Words for the codes a failed use leaves when no message was kept. */
const CODE_TEXT: Record<string, string> = {
  TIMEOUT: "the server did not answer in time",
  AUTH_FAILED: "the server refused the credentials",
  INVALID_URL: "the address is not reachable",
  URL_NOT_ALLOWED: "the address is not allowed",
  INVALID_MCP_SERVER: "the server did not answer like an MCP server",
  TOOL_FAILED: "a tool call failed",
};

/** Why the connector last failed, in words. */
export function failureReason(c: Pick<ConnectorResponse, "lastError" | "lastTestCode">): string {
  if (c.lastError) return c.lastError;
  const code = c.lastTestCode ?? "";
  return CODE_TEXT[code]
    ? `${CODE_TEXT[code][0]!.toUpperCase()}${CODE_TEXT[code].slice(1)} (${code}).`
    : `Error ${code || "unknown"}.`;
}

/** "1 tool", "3 tools". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
