// Rules every connector write follows: ownership, the limit, unique names, and that new
// connection settings are saved only after a passing test, with what that test found.
import { AppError, isAppErrorCode } from "@/lib/errors";
import { redactUrl } from "@/lib/url-secrets";
import { MAX_CONNECTORS_PER_USER, type ConnectorTestResponse, type TransportKind } from "@/lib/schemas/connectors";
import { type StoredAuth } from "@/server/connectors/service/auth";
import { authMeta } from "@/server/connectors/service/mapper";
import { findConnector, type ConnectorRecord } from "@/server/db/connectors";
import { encryptCredentials } from "@/server/platform/encryption";

export function notFound(): AppError {
  return new AppError("NOT_FOUND", "Connector not found.");
}

export async function ownConnector(userId: string, id: string): Promise<ConnectorRecord> {
  const row = await findConnector(userId, id);
  if (!row) throw notFound();
  return row;
}

/**
 * The URL a form means: the list and the edit form show a URL that carries a secret
 * shortened (****), so that shortened form sent back for this connector is its saved URL.
 */
export function formUrl(input: string, row: ConnectorRecord | null): string {
  if (!row) return input;
  const shown = redactUrl(row.url);
  return shown !== row.url && input.trim() === shown ? row.url : input;
}

export function limitError(): AppError {
  return new AppError(
    "CONNECTOR_LIMIT",
    `You can have at most ${MAX_CONNECTORS_PER_USER} connectors. Delete one to add another.`,
    {
      details: { limit: MAX_CONNECTORS_PER_USER },
    },
  );
}

export function duplicateError(name: string): AppError {
  return new AppError("DUPLICATE_NAME", `You already have a connector named "${name}". Choose another name.`);
}

/** A test that did not pass stops a save with its own code and message. */
export function requirePassingTest(
  test: ConnectorTestResponse,
  log: (outcome: string, extra?: Record<string, unknown>) => void,
): asserts test is ConnectorTestResponse & { transport: TransportKind } {
  if (test.ok && test.transport) return;
  const code = test.code && isAppErrorCode(test.code) ? test.code : "INVALID_MCP_SERVER";
  log("refused", { code });
  throw new AppError(code, test.message, { details: { test } });
}

/** What a passing test decides about a connector: transport, encrypted auth, tools. */
export function connectionFields(
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
export function snapshotFields(test: ConnectorTestResponse) {
  return {
    lastTestCode: test.code,
    lastTestAt: new Date(),
    lastOkAt: new Date(),
    serverName: test.server?.name ?? null,
    serverVersion: test.server?.version ?? null,
    toolsSnapshot: test.tools,
    toolCount: test.tools.length,
  };
}
