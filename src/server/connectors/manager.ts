// The connector service: the rules for a user's connectors. Routers only call this.
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { AppError, isAppErrorCode } from "@/lib/errors";
import {
  MAX_CONNECTORS_PER_USER,
  type AuthType,
  type ConnectorAuthInput,
  type ConnectorCreateRequest,
  type ConnectorUpdateRequest,
  type ConnectorResponse,
  type ConnectorTestRequest,
  type ConnectorTestResponse,
  type DiscoveredTool,
  type TestStep,
  type TransportKind,
} from "@/lib/schemas/connectors";
import {
  connectorNameTaken,
  countConnectors,
  deleteOwnConnector,
  findConnector,
  insertConnectorWithinLimit,
  listConnectors,
  updateOwnConnector,
  type ConnectorChanges,
  type ConnectorRecord,
} from "@/server/db/connectors";
import { env } from "@/env";
import { logger } from "@/server/log";
import { decryptCredentials, encryptCredentials } from "./encryption";
import { reportConnectorOutcome } from "./health";
import type { McpAuth, StaticAuth } from "./mcp-client";
import { deadlineSignal } from "./mcp-client";
import { revokeToken } from "./oauth/client";
import { attemptCredentials, forgetAttempt, sameUrl } from "./oauth/flow";
import { configuredPolicy } from "./outbound";
import {
  connectorTokenSource,
  oauthMeta,
  readOAuthMeta,
  staticTokenSource,
  type OAuthCredentials,
} from "./oauth/tokens";
import { validateMcpConnection } from "./validator";

/** What a connector stores (encrypted): fixed auth settings, or an OAuth sign-in. */
export type StoredAuth = StaticAuth | OAuthCredentials;

/** Header names of an auth setting: not secret, shown back in the edit form. */
function authMeta(auth: StoredAuth): Record<string, unknown> {
  switch (auth.type) {
    case "oauth":
      return oauthMeta(auth);
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
  const failing = row.failingSince !== null;
  const oauth = row.authType === "oauth" ? readOAuthMeta(row.authMeta) : null;
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    transport: row.transport as TransportKind,
    authType: row.authType as AuthType,
    hasCredentials: row.encryptedCredentials !== null,
    authHeaderNames: Array.isArray(meta.headerNames)
      ? meta.headerNames.filter((h): h is string => typeof h === "string")
      : [],
    oauth: oauth
      ? {
          issuer: oauth.issuer,
          account: oauth.account,
          scopes: oauth.scopes,
          clientId: oauth.clientId,
          needsSignIn: row.needsSignIn,
          reason: row.needsSignIn ? oauth.reason : null,
        }
      : null,
    enabled: row.enabled,
    status: !row.enabled ? "disabled" : row.needsSignIn ? "needs_sign_in" : failing ? "failing" : "connected",
    lastTestOk: row.lastTestOk,
    lastTestCode: row.lastTestCode,
    lastTestAt: row.lastTestAt,
    failingSince: row.failingSince,
    consecutiveFailures: row.consecutiveFailures,
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

/** Fires after a connector is edited, disabled or deleted (the agent's pool listens). */
export const connectorEvents = new EventEmitter<{
  changed: [{ userId: string; connectorId: string; kind: "update" | "toggle" | "delete" }];
}>();

function notFound(): AppError {
  return new AppError("NOT_FOUND", "Connector not found.");
}

async function ownConnector(userId: string, id: string): Promise<ConnectorRecord> {
  const row = await findConnector(userId, id);
  if (!row) throw notFound();
  return row;
}

export function storedAuth(row: ConnectorRecord): StoredAuth {
  if (!row.encryptedCredentials) return { type: "none" };
  return decryptCredentials<StoredAuth>(row.encryptedCredentials, { userId: row.userId, subjectId: row.id });
}

/** How a saved connector authenticates its connections (OAuth tokens are read per request). */
export function connectionAuth(row: ConnectorRecord): McpAuth {
  if (row.authType === "oauth") return { type: "oauth", source: connectorTokenSource(row.userId, row.id) };
  return storedAuth(row) as StaticAuth;
}

/** Settings to test and, if the test passes, to store; `attemptId` is a sign-in to use up. */
type PreparedAuth = { mcp: McpAuth; store: StoredAuth; account?: string; attemptId?: string; unchanged?: boolean };

/**
 * Completes auth settings from a form: stored secrets fill what was left out (same origin
 * only); OAuth uses a finished sign-in for this URL, or the saved one for the saved URL.
 */
async function prepareAuth(
  userId: string,
  input: ConnectorAuthInput,
  url: string,
  existing: ConnectorRecord | null,
): Promise<PreparedAuth> {
  if (input.type === "oauth") {
    if (input.attemptId) {
      const creds = await attemptCredentials(userId, input.attemptId, url);
      return {
        mcp: { type: "oauth", source: staticTokenSource(creds) },
        store: creds,
        account: creds.tokens.account,
        attemptId: input.attemptId,
      };
    }
    if (existing?.authType === "oauth" && sameUrl(existing.url, url)) {
      const creds = storedAuth(existing) as OAuthCredentials;
      return {
        mcp: connectionAuth(existing),
        store: creds,
        account: readOAuthMeta(existing.authMeta)?.account ?? undefined,
        unchanged: true,
      };
    }
    throw new AppError(
      "VALIDATION",
      existing?.authType === "oauth" ? "The URL changed: sign in again for the new URL." : "Sign in first.",
    );
  }
  const stored = existing && existing.authType !== "oauth" ? (storedAuth(existing) as StaticAuth) : null;
  const auth = resolveAuth(input, stored, existing ? !sameOrigin(existing.url, url) : false);
  return { mcp: auth, store: auth };
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

function missingSecret(what: string, originChanged: boolean): AppError {
  return new AppError(
    "VALIDATION",
    originChanged
      ? `Enter the ${what} again: saved secrets are only sent to the server they were saved for.`
      : `Enter the ${what}.`,
  );
}

/**
 * Completes auth settings from a form with the stored secrets. Stored secrets are reused
 * only for the same origin, so changing the URL cannot send them to another server.
 */
export function resolveAuth(
  input: Exclude<ConnectorAuthInput, { type: "oauth" }>,
  stored: StaticAuth | null,
  originChanged: boolean,
): StaticAuth {
  const keep = originChanged ? null : stored;
  switch (input.type) {
    case "none":
      return input;
    case "bearer": {
      const token = input.token ?? (keep?.type === "bearer" ? keep.token : undefined);
      if (!token) throw missingSecret("token", originChanged && stored?.type === "bearer");
      return { type: "bearer", token };
    }
    case "api_key": {
      const value = input.value ?? (keep?.type === "api_key" ? keep.value : undefined);
      if (!value) throw missingSecret("API key", originChanged && stored?.type === "api_key");
      return { type: "api_key", header: input.header, value };
    }
    case "headers": {
      const previous = keep?.type === "headers" ? keep.headers : [];
      return {
        type: "headers",
        headers: input.headers.map((h) => {
          const value = h.value ?? previous.find((p) => p.name.toLowerCase() === h.name.toLowerCase())?.value;
          if (!value) throw missingSecret(`value of header ${h.name}`, originChanged && stored?.type === "headers");
          return { name: h.name, value };
        }),
      };
    }
  }
}

/** The auth settings as the edit form shows them: everything but the secrets. */
export function withoutSecrets(auth: StoredAuth): ConnectorAuthInput {
  switch (auth.type) {
    case "oauth":
      return { type: "oauth" };
    case "none":
      return auth;
    case "bearer":
      return { type: "bearer" };
    case "api_key":
      return { type: "api_key", header: auth.header };
    case "headers":
      return { type: "headers", headers: auth.headers.map((h) => ({ name: h.name })) };
  }
}

export async function testConnector(
  userId: string,
  input: ConnectorTestRequest,
  onStep?: (step: TestStep) => void,
): Promise<ConnectorTestResponse> {
  const existing = input.connectorId ? await ownConnector(userId, input.connectorId) : null;
  const auth = await prepareAuth(userId, input.auth, input.url, existing);
  const result = await validateMcpConnection({ url: input.url, auth: auth.mcp, onStep, account: auth.account });
  logger().info(
    {
      event: "connector.test",
      userId,
      origin: loggableUrl(input.url),
      authType: input.auth.type,
      outcome: result.ok ? "ok" : "failed",
      code: result.code,
      durationMs: result.durationMs,
      toolCount: result.tools.length,
    },
    "connection tested",
  );
  return result;
}

function limitError(): AppError {
  return new AppError(
    "CONNECTOR_LIMIT",
    `You can have at most ${MAX_CONNECTORS_PER_USER} connectors. Delete one to add another.`,
    {
      details: { limit: MAX_CONNECTORS_PER_USER },
    },
  );
}

function duplicateError(name: string): AppError {
  return new AppError("DUPLICATE_NAME", `You already have a connector named "${name}". Choose another name.`);
}

/** A test that did not pass stops a save with its own code and message. */
function requirePassingTest(
  test: ConnectorTestResponse,
  log: (outcome: string, extra?: Record<string, unknown>) => void,
): asserts test is ConnectorTestResponse & { transport: TransportKind } {
  if (test.ok && test.transport) return;
  const code = test.code && isAppErrorCode(test.code) ? test.code : "INVALID_MCP_SERVER";
  log("refused", { code });
  throw new AppError(code, test.message, { details: { test } });
}

/** What a passing test decides about a connector: transport, encrypted auth, tools. */
function connectionFields(
  userId: string,
  connectorId: string,
  url: string,
  auth: StoredAuth,
  test: ConnectorTestResponse & { transport: TransportKind },
) {
  const encrypted = auth.type === "none" ? null : encryptCredentials(auth, { userId, subjectId: connectorId });
  return {
    url,
    transport: test.transport,
    authType: auth.type,
    authMeta: authMeta(auth),
    encryptedCredentials: encrypted?.ciphertext ?? null,
    keyVersion: encrypted?.keyVersion ?? null,
    needsSignIn: false,
    lastTestOk: true,
    ...snapshotFields(test),
  };
}

/** What any passing test refreshes: when, the server's identity and its tools. */
function snapshotFields(test: ConnectorTestResponse) {
  return {
    lastTestCode: test.code,
    lastTestAt: new Date(),
    serverName: test.server?.name ?? null,
    serverVersion: test.server?.version ?? null,
    toolsSnapshot: test.tools,
    toolCount: test.tools.length,
  };
}

export async function updateConnector(userId: string, input: ConnectorUpdateRequest): Promise<ConnectorResponse> {
  const started = performance.now();
  const row = await ownConnector(userId, input.id);
  const log = (outcome: string, extra: Record<string, unknown> = {}) =>
    logger().info(
      {
        event: "connector.update",
        userId,
        connectorId: row.id,
        outcome,
        durationMs: Math.round(performance.now() - started),
        ...extra,
      },
      "connector update",
    );

  const changes: ConnectorChanges = {};
  if (input.name !== undefined && input.name !== row.name) {
    if (await connectorNameTaken(userId, input.name, row.id)) {
      log("refused", { code: "DUPLICATE_NAME" });
      throw duplicateError(input.name);
    }
    changes.name = input.name;
  }
  const url = input.url ?? row.url;
  const connectionChanged = url !== row.url || input.auth !== undefined;
  let attemptId: string | undefined;
  if (connectionChanged) {
    const auth = await prepareAuth(userId, input.auth ?? withoutSecrets(storedAuth(row)), url, row);
    // Same rule as adding: new connection settings are saved only after a passing test.
    const test = await validateMcpConnection({ url, auth: auth.mcp, account: auth.account });
    requirePassingTest(test, log);
    // A kept OAuth sign-in may have been refreshed during the test: store what is current.
    const current = auth.unchanged ? storedAuth((await findConnector(userId, row.id)) ?? row) : auth.store;
    Object.assign(changes, {
      ...connectionFields(userId, row.id, url, current, test),
      consecutiveFailures: 0,
    } satisfies ConnectorChanges);
    attemptId = auth.attemptId;
  }
  if (Object.keys(changes).length === 0) {
    log("unchanged");
    return toConnectorResponse(row);
  }
  const outcome = await updateOwnConnector(userId, row.id, changes);
  if (!outcome.ok) {
    log("refused", { code: outcome.reason === "duplicate" ? "DUPLICATE_NAME" : "NOT_FOUND" });
    throw outcome.reason === "duplicate" ? duplicateError(input.name ?? row.name) : notFound();
  }
  if (attemptId) await forgetAttempt(userId, attemptId);
  log("ok", { fields: Object.keys(changes).filter((k) => k !== "encryptedCredentials") });
  connectorEvents.emit("changed", { userId, connectorId: row.id, kind: "update" });
  // Leaving OAuth for another kind of auth: the old sign-in is of no further use.
  if (row.authType === "oauth" && changes.authType !== undefined && changes.authType !== "oauth")
    await revokeSignIn(row);
  return toConnectorResponse(outcome.connector);
}

/** "Test again": tests the saved settings, refreshes the tool snapshot and the health. */
export async function retestConnector(
  userId: string,
  id: string,
): Promise<{ connector: ConnectorResponse; test: ConnectorTestResponse }> {
  const row = await ownConnector(userId, id);
  const test = await validateMcpConnection({
    url: row.url,
    auth: connectionAuth(row),
    transport: row.transport as TransportKind,
    account: readOAuthMeta(row.authMeta)?.account ?? undefined,
  });
  await reportConnectorOutcome(userId, id, test.ok, test.code);
  if (test.ok) {
    await updateOwnConnector(userId, id, snapshotFields(test));
    connectorEvents.emit("changed", { userId, connectorId: id, kind: "update" });
  }
  logger().info(
    {
      event: "connector.test",
      userId,
      connectorId: id,
      outcome: test.ok ? "ok" : "failed",
      code: test.code,
      durationMs: test.durationMs,
    },
    "connector retested",
  );
  return { connector: toConnectorResponse(await ownConnector(userId, id)), test };
}

export async function toggleConnector(userId: string, id: string, enabled: boolean): Promise<ConnectorResponse> {
  const outcome = await updateOwnConnector(userId, id, { enabled });
  if (!outcome.ok) {
    logger().info({ event: "connector.toggle", userId, connectorId: id, outcome: "not_found" }, "connector toggle");
    throw notFound();
  }
  logger().info({ event: "connector.toggle", userId, connectorId: id, enabled, outcome: "ok" }, "connector toggle");
  connectorEvents.emit("changed", { userId, connectorId: id, kind: "toggle" });
  return toConnectorResponse(outcome.connector);
}

export async function deleteConnector(userId: string, id: string): Promise<{ id: string }> {
  const row = await findConnector(userId, id);
  const deleted = row !== null && (await deleteOwnConnector(userId, id));
  logger().info(
    { event: "connector.delete", userId, connectorId: id, outcome: deleted ? "ok" : "not_found" },
    "connector delete",
  );
  if (!deleted) throw notFound();
  connectorEvents.emit("changed", { userId, connectorId: id, kind: "delete" });
  if (row.authType === "oauth") await revokeSignIn(row);
  return { id };
}

/** After deleting an OAuth connector: its refresh token should stop working at the server too. */
async function revokeSignIn(row: ConnectorRecord): Promise<void> {
  try {
    const creds = storedAuth(row) as OAuthCredentials;
    const token = creds.tokens.refreshToken ?? creds.tokens.accessToken;
    const net = {
      policy: configuredPolicy(),
      signal: deadlineSignal(Math.min(env().MCP_TEST_TIMEOUT_MS, 5_000)),
    };
    const revoked = await revokeToken(creds.authServer, creds.client, token, net);
    logger().info(
      { event: "connector.revoke", userId: row.userId, connectorId: row.id, outcome: revoked ? "ok" : "not_revoked" },
      "connector sign-in revoked",
    );
  } catch (err) {
    const code = err instanceof AppError ? err.code : "ERROR";
    logger().warn(
      { event: "connector.revoke", userId: row.userId, connectorId: row.id, outcome: "failed", code },
      "connector sign-in not revoked",
    );
  }
}

export async function createConnector(userId: string, input: ConnectorCreateRequest): Promise<ConnectorResponse> {
  const started = performance.now();
  const log = (outcome: string, extra: Record<string, unknown> = {}) =>
    logger().info(
      {
        event: "connector.create",
        userId,
        origin: loggableUrl(input.url),
        authType: input.auth.type,
        outcome,
        durationMs: Math.round(performance.now() - started),
        ...extra,
      },
      "connector create",
    );

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
  const auth = await prepareAuth(userId, input.auth, input.url, null);
  const test = await validateMcpConnection({ url: input.url, auth: auth.mcp, account: auth.account });
  requirePassingTest(test, log);

  const id = randomUUID();
  const { needsSignIn: _fresh, ...fields } = connectionFields(userId, id, input.url, auth.store, test);
  const outcome = await insertConnectorWithinLimit(
    { id, userId, name: input.name, ...fields },
    MAX_CONNECTORS_PER_USER,
  );
  if (!outcome.ok) {
    log("refused", { code: outcome.reason === "limit" ? "CONNECTOR_LIMIT" : "DUPLICATE_NAME" });
    throw outcome.reason === "limit" ? limitError() : duplicateError(input.name);
  }
  if (auth.attemptId) await forgetAttempt(userId, auth.attemptId);
  log("ok", { connectorId: id, code: test.code, toolCount: test.tools.length, transport: test.transport });
  return toConnectorResponse(outcome.connector);
}
