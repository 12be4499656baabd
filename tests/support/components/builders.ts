// Test data for components, shaped like the API's responses (src/lib/schemas).
import type { AvailableTool, ToolCallOutcome } from "@/lib/schemas/agent";
import type { ConnectorResponse, ConnectorTestResponse, TestStep } from "@/lib/schemas/connectors";
import type { SystemToolResponse, UsageReport } from "@/lib/schemas/tools";

let n = 0;

export function buildConnector(overrides: Partial<ConnectorResponse> = {}): ConnectorResponse {
  n += 1;
  const at = new Date("2025-01-01T00:00:00Z");
  return {
    id: `conn_${n}`,
    name: `Connector ${n}`,
    url: `https://mcp${n}.example.com/mcp`,
    transport: "streamable-http",
    authType: "none",
    hasCredentials: false,
    authHeaderNames: [],
    oauth: null,
    enabled: true,
    status: "connected",
    lastTestOk: true,
    lastTestCode: null,
    lastTestAt: at,
    failingSince: null,
    lastError: null,
    lastOkAt: at,
    consecutiveFailures: 0,
    server: { name: "demo-server", version: "1.0.0" },
    toolCount: 1,
    tools: [{ name: "search", description: "Search the docs" }],
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

export const ALL_STEPS_OK: TestStep[] = [
  { name: "url_check", status: "ok", durationMs: 1 },
  { name: "connect", status: "ok", durationMs: 12 },
  { name: "authenticate", status: "skipped", durationMs: 0 },
  { name: "handshake", status: "ok", durationMs: 20 },
  { name: "list_tools", status: "ok", durationMs: 8 },
];

export function buildTestResult(overrides: Partial<ConnectorTestResponse> = {}): ConnectorTestResponse {
  return {
    ok: true,
    code: null,
    message: "Connected: 1 tool found.",
    steps: ALL_STEPS_OK,
    server: { name: "demo-server", version: "1.0.0" },
    transport: "streamable-http",
    tools: [{ name: "search", description: "Search the docs", inputSchema: { type: "object" } }],
    durationMs: 41,
    ...overrides,
  };
}

export function buildFailedTestResult(overrides: Partial<ConnectorTestResponse> = {}): ConnectorTestResponse {
  return buildTestResult({
    ok: false,
    code: "AUTH_FAILED",
    message: "The server refused the credentials (401).",
    hint: "Check the token and try again.",
    steps: [
      { name: "url_check", status: "ok", durationMs: 1 },
      { name: "connect", status: "ok", durationMs: 10 },
      { name: "authenticate", status: "failed", durationMs: 3, detail: "401 Unauthorized" },
    ],
    server: null,
    transport: null,
    tools: [],
    ...overrides,
  });
}

export function buildSystemTool(overrides: Partial<SystemToolResponse> = {}): SystemToolResponse {
  return {
    id: "gmail",
    name: "Gmail",
    description: "Read and send email.",
    status: "available",
    connect: "oauth",
    state: "disconnected",
    notConfiguredReason: null,
    account: null,
    connectedAt: null,
    tools: [
      { name: "search_email", title: "Search email", description: "Find messages", requiresConfirmation: false },
      { name: "send_email", title: "Send email", description: "Send a message", requiresConfirmation: true },
    ],
    ...overrides,
  };
}

export function buildAvailableTool(overrides: Partial<AvailableTool> = {}): AvailableTool {
  return {
    selection: { kind: "connector", connectorId: "conn_dict", toolName: "lookup" },
    name: "dictionary__lookup",
    label: "Dictionary › lookup",
    description: "Look a word up.",
    inputSchema: { type: "object", properties: { word: { type: "string" } }, required: ["word"] },
    requiresConfirmation: false,
    ...overrides,
  };
}

export function buildOutcome(overrides: Partial<ToolCallOutcome> = {}): ToolCallOutcome {
  return {
    ok: true,
    text: "lookup: found",
    durationMs: 42,
    source: { kind: "connector", connectorId: "conn_dict", connectorName: "Dictionary" },
    tool: "lookup",
    ...overrides,
  };
}

export function buildUsageReport(overrides: Partial<UsageReport> = {}): UsageReport {
  return {
    period: "7d",
    since: new Date("2025-01-01T00:00:00Z"),
    totals: { calls: 0, failures: 0, successRate: null, p50: 0, p95: 0 },
    byTool: [],
    failuresByCode: [],
    daily: [],
    ...overrides,
  };
}
