// The tools of one message: the system tools the user connected and the tools of every
// enabled connector, loaded in parallel. A connector that fails is retried once after a
// pause; if it fails again its tools are left out and the chat says why.
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import type { ToolCallOutcome } from "@/lib/schemas/agent";
import { ToolNamer } from "@/server/agent/naming";
import { fromMcpResult, type ToolResult } from "@/server/agent/tool-result";
import { classifyFailure } from "@/server/connectors/failures";
import { reportConnectorOutcome } from "@/server/connectors/health";
import type { McpAuth } from "@/server/connectors/mcp-client";
import type { ElicitHandler } from "@/server/connectors/mcp-handlers";
import { mcpPool } from "@/server/connectors/pool";
import { connectionAuth } from "@/server/connectors/service/auth";
import { listConnectors, type ConnectorRecord } from "@/server/db/connectors";
import { logger } from "@/server/platform/log";
import { connectedAgentTools } from "@/server/tools/manager";

export type LoadedTool = {
  /** The name the model sees. */
  name: string;
  /** The tool's own name on its server or in the registry. */
  originalName: string;
  /** What people read: "Connector › tool title" or "Gmail › Search Gmail", never the model's name. */
  label: string;
  description: string;
  inputSchema: Record<string, unknown>;
  requiresConfirmation: boolean;
  source: ToolCallOutcome["source"];
  run(args: unknown, ctx?: RunContext): Promise<ToolResult>;
};

/** What a running call may hear from its server, and how it is stopped. */
export type RunContext = {
  /** Aborting cancels the call on its server. */
  signal?: AbortSignal;
  onProgress?: (p: { progress: number; total?: number; message?: string }) => void;
  /** The server asks the user something mid-call. */
  onElicit?: ElicitHandler;
};

export type UnavailableConnector = { connectorId: string; name: string; code: string; message: string };
export type LoadedTools = { tools: Map<string, LoadedTool>; unavailable: UnavailableConnector[] };

function reauthError(err: unknown): AppError | null {
  for (let e = err, i = 0; e && i < 8; e = (e as { cause?: unknown }).cause, i++) {
    if (e instanceof AppError && e.code === "OAUTH_REAUTH_REQUIRED") return e;
  }
  return null;
}

/** "Docs › Search the docs": the connector's name and the tool's title (its name when it has none). */
export function toolLabel(connectorName: string, tool: { name: string; title?: string }): string {
  return `${connectorName} › ${tool.title?.trim() || tool.name}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function loadConnector(c: ConnectorRecord, namer: ToolNamer): Promise<LoadedTool[]> {
  const auth = (): McpAuth => connectionAuth(c);
  const tools = await mcpPool().listTools(c, auth, env().MCP_TEST_TIMEOUT_MS);
  return tools.map((t) => ({
    name: namer.name(c, t.name),
    originalName: t.name,
    label: toolLabel(c.name, t),
    description: t.description ?? t.title ?? t.name,
    inputSchema: t.inputSchema,
    requiresConfirmation: false,
    source: { kind: "connector", connectorId: c.id, connectorName: c.name },
    run: async (args, ctx = {}) => {
      const input = (args && typeof args === "object" ? args : {}) as Record<string, unknown>;
      const result = await mcpPool().callTool(c, auth, t.name, input, env().TOOL_CALL_TIMEOUT_MS, {
        ...ctx,
        maxTotalMs: env().TOOL_CALL_MAX_MS,
      });
      return fromMcpResult(result, mcpPool().outputSchema(c, t.name));
    },
  }));
}

export async function loadUserTools(userId: string): Promise<LoadedTools> {
  const namer = new ToolNamer();
  const tools = new Map<string, LoadedTool>();
  const [systemTools, allConnectors] = await Promise.all([connectedAgentTools(userId), listConnectors(userId)]);
  for (const { toolId, app, tool } of systemTools) {
    namer.reserve(tool.name);
    tools.set(tool.name, {
      name: tool.name,
      originalName: tool.name,
      label: `${app} › ${tool.title}`,
      description: tool.description,
      inputSchema: tool.inputSchema,
      requiresConfirmation: Boolean(tool.requiresConfirmation),
      source: { kind: "system", toolId, toolName: tool.name },
      run: async (args) => ({ ...(await tool.run({ userId }, args)), isError: false }),
    });
  }

  const connectors = allConnectors.filter((c) => c.enabled);
  const unavailable: UnavailableConnector[] = [];
  const results = await Promise.all(
    connectors.map(async (c) => {
      const url = new URL(c.url);
      let lastError: unknown;
      for (let attempt = 0; attempt < 2; attempt++) {
        if (attempt > 0) await sleep(env().CONNECTOR_RETRY_DELAY_MS);
        try {
          const loaded = await loadConnector(c, namer);
          if (c.consecutiveFailures > 0 || c.failingSince) await reportConnectorOutcome(userId, c.id, true, null);
          return loaded;
        } catch (err) {
          lastError = err;
          logger().warn(
            { event: "connector.load", userId, connectorId: c.id, attempt: attempt + 1, outcome: "failed" },
            "connector failed to load",
          );
          // Waiting will not help a connector that needs the user to sign in again.
          if (reauthError(err)) break;
        }
      }
      const reauth = reauthError(lastError);
      const failure = reauth
        ? { code: reauth.code, message: `${reauth.message} (Connectors panel: “Sign in again”.)` }
        : lastError instanceof AppError && lastError.code !== "INTERNAL"
          ? { code: lastError.code, message: lastError.message }
          : classifyFailure(lastError, [], url, false, env().MCP_TEST_TIMEOUT_MS);
      unavailable.push({ connectorId: c.id, name: c.name, code: failure.code, message: failure.message });
      // "Needs sign-in" is its own status, not a failing server.
      if (!reauth) await reportConnectorOutcome(userId, c.id, false, failure.code, failure.message);
      return [];
    }),
  );
  for (const t of results.flat()) tools.set(t.name, t);
  return { tools, unavailable };
}
