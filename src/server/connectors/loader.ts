// The tools of one message: the system tools the user connected and the tools of every
// enabled connector, loaded in parallel. A connector that fails is retried once after a
// pause; if it fails again its tools are left out and the chat says why.
import { z } from "zod";
import { env } from "@/env";
import { ToolNamer } from "@/server/agent/naming";
import { fromMcpResult, truncate, type ToolCallOutcome } from "@/server/agent/tool-result";
import { listConnectors, type ConnectorRecord } from "@/server/db/connectors";
import { recordToolCall } from "@/server/db/tools";
import { logger } from "@/server/log";
import { connectedAgentTools } from "@/server/tools/manager";
import { AppError } from "@/lib/errors";
import { reportConnectorOutcome } from "./health";
import { connectionAuth, connectorEvents } from "./manager";
import type { McpAuth } from "./mcp-client";
import { mcpPool } from "./pool";
import { classifyFailure } from "./validator";

export type LoadedTool = {
  /** The name the model sees. */
  name: string;
  /** The tool's own name on its server or in the registry. */
  originalName: string;
  description: string;
  inputSchema: Record<string, unknown>;
  requiresConfirmation: boolean;
  source: ToolCallOutcome["source"];
  run(args: unknown): Promise<{ text: string; structured?: unknown; isError: boolean }>;
};

export type UnavailableConnector = { connectorId: string; name: string; code: string; message: string };
export type LoadedTools = { tools: Map<string, LoadedTool>; unavailable: UnavailableConnector[] };

const holder = globalThis as unknown as { __connectorsPoolListener?: boolean };
if (!holder.__connectorsPoolListener) {
  holder.__connectorsPoolListener = true;
  connectorEvents.on("changed", (e) => void mcpPool().close(e.userId, e.connectorId));
}

function reauthError(err: unknown): AppError | null {
  for (let e = err, i = 0; e && i < 8; e = (e as { cause?: unknown }).cause, i++) {
    if (e instanceof AppError && e.code === "OAUTH_REAUTH_REQUIRED") return e;
  }
  return null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function loadConnector(c: ConnectorRecord, namer: ToolNamer): Promise<LoadedTool[]> {
  const auth = (): McpAuth => connectionAuth(c);
  const tools = await mcpPool().listTools(c, auth, env().MCP_TEST_TIMEOUT_MS);
  return tools.map((t) => ({
    name: namer.name(c, t.name),
    originalName: t.name,
    description: t.description ?? t.title ?? t.name,
    inputSchema: t.inputSchema,
    requiresConfirmation: false,
    source: { kind: "connector", connectorId: c.id, connectorName: c.name },
    run: async (args) => {
      const input = (args && typeof args === "object" ? args : {}) as Record<string, unknown>;
      return fromMcpResult(await mcpPool().callTool(c, auth, t.name, input, env().TOOL_CALL_TIMEOUT_MS));
    },
  }));
}

export async function loadUserTools(userId: string): Promise<LoadedTools> {
  const namer = new ToolNamer();
  const tools = new Map<string, LoadedTool>();
  const [systemTools, allConnectors] = await Promise.all([connectedAgentTools(userId), listConnectors(userId)]);
  for (const { toolId, tool } of systemTools) {
    namer.reserve(tool.name);
    tools.set(tool.name, {
      name: tool.name,
      originalName: tool.name,
      description: tool.description,
      inputSchema: z.toJSONSchema(tool.input, { io: "input" }),
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
      if (!reauth) await reportConnectorOutcome(userId, c.id, false, failure.code);
      return [];
    }),
  );
  for (const t of results.flat()) tools.set(t.name, t);
  return { tools, unavailable };
}

/**
 * Runs one tool the way the agent and the direct-run form both do: timed, stored in the
 * user's history with its arguments and result, logged without them.
 */
export async function executeTool(
  userId: string,
  tool: LoadedTool,
  args: unknown,
  opts: { conversationId?: string | null } = {},
): Promise<ToolCallOutcome> {
  const started = performance.now();
  let outcome: Omit<ToolCallOutcome, "durationMs" | "source" | "tool">;
  try {
    const r = await tool.run(args);
    outcome = {
      ok: !r.isError,
      text: truncate(r.text),
      ...(r.structured !== undefined ? { structured: r.structured } : {}),
      ...(r.isError ? { errorCode: "TOOL_ERROR" } : {}),
    };
  } catch (err) {
    const e = err as Error & { code?: unknown };
    const timedOut =
      e.name === "TimeoutError" || e.name === "AbortError" || e.code === -32001 || /timed out|aborted/i.test(e.message);
    const code = err instanceof AppError ? err.code : timedOut ? "TIMEOUT" : "TOOL_FAILED";
    const message =
      err instanceof AppError
        ? err.message
        : code === "TIMEOUT"
          ? "The tool did not answer in time."
          : "The tool failed.";
    outcome = { ok: false, text: message, errorCode: code };
  }
  const durationMs = Math.round(performance.now() - started);
  const source = tool.source;
  await recordToolCall({
    userId,
    conversationId: opts.conversationId ?? null,
    connectorId: source.kind === "connector" ? source.connectorId : null,
    connectorName: source.kind === "connector" ? source.connectorName : null,
    systemToolId: source.kind === "system" ? source.toolId : null,
    toolName: tool.originalName,
    durationMs,
    ok: outcome.ok,
    errorCode: outcome.errorCode ?? null,
    arguments: args ?? null,
    result: { text: outcome.text, structured: outcome.structured ?? null },
  });
  // A tool that reports an error in its result still worked as a connector; one that
  // needs the user to sign in again shows that status instead of counting as failing.
  if (source.kind === "connector" && outcome.errorCode !== "OAUTH_REAUTH_REQUIRED")
    await reportConnectorOutcome(
      userId,
      source.connectorId,
      outcome.ok || outcome.errorCode === "TOOL_ERROR",
      outcome.errorCode ?? null,
    ).catch(() => undefined);
  logger().info(
    {
      event: "tool.call",
      userId,
      connectorId: source.kind === "connector" ? source.connectorId : undefined,
      systemToolId: source.kind === "system" ? source.toolId : undefined,
      tool: tool.originalName,
      durationMs,
      outcome: outcome.ok ? "ok" : "error",
      code: outcome.errorCode,
    },
    "tool called",
  );
  return { ...outcome, durationMs, source, tool: tool.originalName };
}
