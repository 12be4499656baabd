// The connector service: the rules for a user's connectors. Routers only call this.
import { randomUUID } from "node:crypto";
import { AppError, isAppErrorCode } from "@/lib/errors";
import {
  MAX_CONNECTORS_PER_USER,
  type AuthType,
  type ConnectorAuth,
  type ConnectorCreateRequest,
  type ConnectorResponse,
  type ConnectorTestRequest,
  type ConnectorTestResponse,
  type DiscoveredTool,
  type TestStep,
  type TransportKind,
} from "@/lib/schemas/connectors";
import { connectorNameTaken, countConnectors, insertConnectorWithinLimit, listConnectors, type ConnectorRecord } from "@/server/db/connectors";
import { logger } from "@/server/log";
import { encryptCredentials } from "./encryption";
import { validateMcpConnection } from "./validator";

/** Header names of an auth setting: not secret, shown back in the edit form. */
function authMeta(auth: ConnectorAuth): { headerNames: string[] } {
  switch (auth.type) {
    case "api_key":
      return { headerNames: [auth.header] };
    case "headers":
      return { headerNames: auth.headers.map((h) => h.name) };
    default:
      return { headerNames: [] };
  }
}

function snapshot(value: unknown): DiscoveredTool[] {
  return Array.isArray(value) ? (value as DiscoveredTool[]) : [];
}

export function toConnectorResponse(row: ConnectorRecord): ConnectorResponse {
  const meta = (row.authMeta ?? {}) as { headerNames?: unknown };
  const failing = row.consecutiveFailures >= 3 || row.lastTestOk === false;
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    transport: row.transport as TransportKind,
    authType: row.authType as AuthType,
    hasCredentials: row.encryptedCredentials !== null,
    authHeaderNames: Array.isArray(meta.headerNames) ? meta.headerNames.filter((h): h is string => typeof h === "string") : [],
    enabled: row.enabled,
    status: !row.enabled ? "disabled" : failing ? "failing" : "connected",
    lastTestOk: row.lastTestOk,
    lastTestCode: row.lastTestCode,
    lastTestAt: row.lastTestAt,
    server: row.serverName ? { name: row.serverName, version: row.serverVersion ?? "" } : null,
    toolCount: row.toolCount,
    tools: snapshot(row.toolsSnapshot).map((t) => ({ name: t.name, title: t.title, description: t.description })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Origin only: paths and query strings can carry tokens. */
function loggableUrl(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "(invalid url)";
  }
}

export async function getUserConnectors(userId: string): Promise<ConnectorResponse[]> {
  const rows = await listConnectors(userId);
  logger().info({ event: "connector.list", userId, count: rows.length, outcome: "ok" }, "connectors listed");
  return rows.map(toConnectorResponse);
}

export async function testConnector(userId: string, input: ConnectorTestRequest, onStep?: (step: TestStep) => void): Promise<ConnectorTestResponse> {
  const result = await validateMcpConnection({ url: input.url, auth: input.auth, onStep });
  logger().info(
    { event: "connector.test", userId, origin: loggableUrl(input.url), authType: input.auth.type, outcome: result.ok ? "ok" : "failed", code: result.code, durationMs: result.durationMs, toolCount: result.tools.length },
    "connection tested",
  );
  return result;
}

function limitError(): AppError {
  return new AppError("CONNECTOR_LIMIT", `You can have at most ${MAX_CONNECTORS_PER_USER} connectors. Delete one to add another.`, {
    details: { limit: MAX_CONNECTORS_PER_USER },
  });
}

function duplicateError(name: string): AppError {
  return new AppError("DUPLICATE_NAME", `You already have a connector named "${name}". Choose another name.`);
}

export async function createConnector(userId: string, input: ConnectorCreateRequest): Promise<ConnectorResponse> {
  const started = performance.now();
  const log = (outcome: string, extra: Record<string, unknown> = {}) =>
    logger().info({ event: "connector.create", userId, origin: loggableUrl(input.url), authType: input.auth.type, outcome, durationMs: Math.round(performance.now() - started), ...extra }, "connector create");

  // Cheap refusals first, so the user does not wait for a connection test in vain.
  if ((await countConnectors(userId)) >= MAX_CONNECTORS_PER_USER) {
    log("refused", { code: "CONNECTOR_LIMIT" });
    throw limitError();
  }
  if (await connectorNameTaken(userId, input.name)) {
    log("refused", { code: "DUPLICATE_NAME" });
    throw duplicateError(input.name);
  }

  // The browser tested these values, but only a test run here proves them.
  const test = await validateMcpConnection({ url: input.url, auth: input.auth });
  if (!test.ok || !test.transport) {
    const code = test.code && isAppErrorCode(test.code) ? test.code : "INVALID_MCP_SERVER";
    log("refused", { code });
    throw new AppError(code, test.message, { details: { test } });
  }

  const id = randomUUID();
  const encrypted = input.auth.type === "none" ? null : encryptCredentials(input.auth, { userId, subjectId: id });
  const outcome = await insertConnectorWithinLimit(
    {
      id,
      userId,
      name: input.name,
      url: input.url,
      transport: test.transport,
      authType: input.auth.type,
      authMeta: authMeta(input.auth),
      encryptedCredentials: encrypted?.ciphertext ?? null,
      keyVersion: encrypted?.keyVersion ?? null,
      lastTestOk: true,
      lastTestCode: test.code,
      lastTestAt: new Date(),
      serverName: test.server?.name ?? null,
      serverVersion: test.server?.version ?? null,
      toolsSnapshot: test.tools,
      toolCount: test.tools.length,
    },
    MAX_CONNECTORS_PER_USER,
  );
  if (!outcome.ok) {
    log("refused", { code: outcome.reason === "limit" ? "CONNECTOR_LIMIT" : "DUPLICATE_NAME" });
    throw outcome.reason === "limit" ? limitError() : duplicateError(input.name);
  }
  log("ok", { connectorId: id, code: test.code, toolCount: test.tools.length, transport: test.transport });
  return toConnectorResponse(outcome.connector);
}
