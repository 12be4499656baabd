// Repository for users' MCP connectors. Every query that reads or changes one connector
// carries the owner in its WHERE clause: another user's id behaves like a missing one.
// A URL that carries a secret (see src/lib/url-secrets.ts) is stored shortened in `url`
// and in full, encrypted, in `encrypted_url`; rows leave this file with the full URL.
import { redactUrl } from "@/lib/url-secrets";
import { connectorUrlBinding } from "@/server/platform/bindings";
import { decryptCredentials, encryptCredentials } from "@/server/platform/encryption";
import { prisma } from "./client";
import { isUniqueViolation } from "./errors";
import type { Prisma } from "./generated/client";
import { storable } from "./json";

export type ConnectorRecord = {
  id: string;
  userId: string;
  name: string;
  url: string;
  transport: string;
  authType: string;
  authMeta: unknown;
  encryptedCredentials: string | null;
  keyVersion: number | null;
  enabled: boolean;
  lastTestOk: boolean | null;
  lastTestCode: string | null;
  lastTestAt: Date | null;
  serverName: string | null;
  serverVersion: string | null;
  toolsSnapshot: unknown;
  toolCount: number;
  consecutiveFailures: number;
  failingSince: Date | null;
  lastError: string | null;
  lastOkAt: Date | null;
  needsSignIn: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export type NewConnector = Omit<
  ConnectorRecord,
  | "createdAt"
  | "updatedAt"
  | "consecutiveFailures"
  | "enabled"
  | "failingSince"
  | "needsSignIn"
  | "lastError"
  | "lastOkAt"
> & { lastOkAt?: Date | null };

type StoredRow = ConnectorRecord & { encryptedUrl: string | null };

/** The row as the app uses it: with its full URL. */
function reveal(row: StoredRow): ConnectorRecord {
  const { encryptedUrl, ...rest } = row;
  if (!encryptedUrl) return rest;
  return { ...rest, url: decryptCredentials<string>(encryptedUrl, connectorUrlBinding(row.userId, row.id)) };
}

/** The columns that store `url`: shortened and encrypted when it carries a secret. */
function conceal(userId: string, id: string, url: string): { url: string; encryptedUrl: string | null } {
  const shown = redactUrl(url);
  if (shown === url) return { url, encryptedUrl: null };
  return { url: shown, encryptedUrl: encryptCredentials(url, connectorUrlBinding(userId, id)).ciphertext };
}

export async function listConnectors(userId: string): Promise<ConnectorRecord[]> {
  const rows = await prisma().userMCPConnection.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
  return rows.map(reveal);
}

export async function findConnector(userId: string, id: string): Promise<ConnectorRecord | null> {
  const row = await prisma().userMCPConnection.findFirst({ where: { id, userId } });
  return row ? reveal(row) : null;
}

export async function countConnectors(userId: string): Promise<number> {
  return prisma().userMCPConnection.count({ where: { userId } });
}

export async function connectorNameTaken(userId: string, name: string, exceptId?: string): Promise<boolean> {
  const row = await prisma().userMCPConnection.findFirst({
    where: { userId, name: { equals: name, mode: "insensitive" }, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
    select: { id: true },
  });
  return row !== null;
}

export type InsertOutcome = { ok: true; connector: ConnectorRecord } | { ok: false; reason: "limit" | "duplicate" };

/**
 * Inserts within the user's limit. The user's row is locked for the transaction so two
 * concurrent saves cannot both pass the count.
 */
export async function insertConnectorWithinLimit(data: NewConnector, limit: number): Promise<InsertOutcome> {
  try {
    return await prisma().$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM users WHERE id = ${data.userId} FOR UPDATE`;
      const count = await tx.userMCPConnection.count({ where: { userId: data.userId } });
      if (count >= limit) return { ok: false, reason: "limit" } as const;
      const duplicate = await tx.userMCPConnection.findFirst({
        where: { userId: data.userId, name: { equals: data.name, mode: "insensitive" } },
        select: { id: true },
      });
      if (duplicate) return { ok: false, reason: "duplicate" } as const;
      const connector = await tx.userMCPConnection.create({
        data: {
          ...data,
          ...conceal(data.userId, data.id, data.url),
          authMeta: data.authMeta as Prisma.InputJsonValue,
          toolsSnapshot: storable(data.toolsSnapshot) as Prisma.InputJsonValue,
        },
      });
      return { ok: true, connector: reveal(connector) } as const;
    });
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, reason: "duplicate" };
    throw err;
  }
}

/** Rows whose credentials are encrypted with an older key, for `keys:rotate`. */
export async function connectorsWithKeyBelow(version: number, afterId: string | undefined, take: number) {
  return prisma().userMCPConnection.findMany({
    where: {
      keyVersion: { lt: version },
      encryptedCredentials: { not: null },
      ...(afterId ? { id: { gt: afterId } } : {}),
    },
    select: { id: true, userId: true, encryptedCredentials: true, keyVersion: true },
    orderBy: { id: "asc" },
    take,
  });
}

/** Rows whose URL is stored encrypted, for `keys:rotate` (which skips those already current). */
export async function connectorUrlsAfter(afterId: string | undefined, take: number) {
  const rows = await prisma().userMCPConnection.findMany({
    where: { encryptedUrl: { not: null }, ...(afterId ? { id: { gt: afterId } } : {}) },
    select: { id: true, userId: true, encryptedUrl: true },
    orderBy: { id: "asc" },
    take,
  });
  return rows.map((r) => ({ id: r.id, userId: r.userId, encryptedUrl: r.encryptedUrl ?? "" }));
}

/** Replaces an encrypted URL only if it is still the one that was read. */
export async function replaceConnectorUrlCiphertext(
  id: string,
  expected: string,
  ciphertext: string,
): Promise<boolean> {
  const res = await prisma().userMCPConnection.updateMany({
    where: { id, encryptedUrl: expected },
    data: { encryptedUrl: ciphertext },
  });
  return res.count === 1;
}

/** Replaces a ciphertext only if it is still the one that was read (no lost update). */
export async function replaceConnectorCiphertext(
  id: string,
  expected: string,
  ciphertext: string,
  keyVersion: number,
): Promise<boolean> {
  const res = await prisma().userMCPConnection.updateMany({
    where: { id, encryptedCredentials: expected },
    data: { encryptedCredentials: ciphertext, keyVersion },
  });
  return res.count === 1;
}

export type ConnectorChanges = Partial<
  Pick<
    ConnectorRecord,
    | "name"
    | "url"
    | "transport"
    | "authType"
    | "authMeta"
    | "encryptedCredentials"
    | "keyVersion"
    | "enabled"
    | "lastTestOk"
    | "lastTestCode"
    | "lastTestAt"
    | "lastOkAt"
    | "serverName"
    | "serverVersion"
    | "toolsSnapshot"
    | "toolCount"
    | "consecutiveFailures"
    | "needsSignIn"
  >
>;

export type UpdateOutcome = { ok: true; connector: ConnectorRecord } | { ok: false; reason: "not_found" | "duplicate" };

/** Updates the user's own connector; another user's id is "not found". */
export async function updateOwnConnector(
  userId: string,
  id: string,
  changes: ConnectorChanges,
): Promise<UpdateOutcome> {
  const { authMeta, toolsSnapshot, url, ...rest } = changes;
  const data: Prisma.UserMCPConnectionUpdateManyMutationInput = {
    ...rest,
    ...(url !== undefined ? conceal(userId, id, url) : {}),
    ...(authMeta !== undefined ? { authMeta: authMeta as Prisma.InputJsonValue } : {}),
    ...(toolsSnapshot !== undefined ? { toolsSnapshot: storable(toolsSnapshot) as Prisma.InputJsonValue } : {}),
  };
  try {
    const rows = await prisma().userMCPConnection.updateManyAndReturn({ where: { id, userId }, data });
    const connector = rows[0];
    return connector ? { ok: true, connector: reveal(connector) } : { ok: false, reason: "not_found" };
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, reason: "duplicate" };
    throw err;
  }
}

/** Deletes the user's own connector and, with the row, its credentials. */
export async function deleteOwnConnector(userId: string, id: string): Promise<boolean> {
  const res = await prisma().userMCPConnection.deleteMany({ where: { id, userId } });
  return res.count === 1;
}

export type HealthChange = {
  name: string;
  failures: number;
  episode: "started" | "recovered" | null;
  failingSince: Date | null;
};

/**
 * Counts a failure or a success of a connector, atomically, for every app instance at
 * once. Failures count within a window; when `threshold` of them fall in it the
 * connector starts a "failing" episode. The instance whose update starts (or ends) the
 * episode is told so, so an alert is raised exactly once per episode.
 */
export async function recordConnectorHealth(
  userId: string,
  id: string,
  ok: boolean,
  code: string | null,
  policy: { threshold: number; windowSeconds: number } = { threshold: 3, windowSeconds: 900 },
  message: string | null = null,
): Promise<HealthChange | null> {
  const db = prisma();
  if (ok) {
    const rows = await db.$queryRaw<{ name: string; was_failing: Date | null }[]>`
      UPDATE user_mcp_connections AS c SET consecutive_failures = 0, failure_streak_started_at = NULL, last_test_ok = true, failing_since = NULL, last_error = NULL, last_ok_at = now()
        FROM (SELECT id, failing_since FROM user_mcp_connections WHERE id = ${id} AND user_id = ${userId} FOR UPDATE) AS old
       WHERE c.id = old.id
      RETURNING c.name, old.failing_since AS was_failing`;
    const row = rows[0];
    return row
      ? { name: row.name, failures: 0, episode: row.was_failing ? "recovered" : null, failingSince: null }
      : null;
  }
  const rows = await db.$queryRaw<{ name: string; consecutive_failures: number; failing_since: Date | null }[]>`
    UPDATE user_mcp_connections SET
      consecutive_failures = CASE WHEN failure_streak_started_at IS NULL OR failure_streak_started_at < now() - make_interval(secs => ${policy.windowSeconds}::double precision) THEN 1 ELSE consecutive_failures + 1 END,
      failure_streak_started_at = CASE WHEN failure_streak_started_at IS NULL OR failure_streak_started_at < now() - make_interval(secs => ${policy.windowSeconds}::double precision) THEN now() ELSE failure_streak_started_at END,
      last_failure_at = now(), last_test_ok = false, last_test_code = ${code === null ? null : storable(code)}, last_test_at = now(),
      last_error = ${message === null ? null : storable(message.slice(0, 500))}
     WHERE id = ${id} AND user_id = ${userId}
    RETURNING name, consecutive_failures, failing_since`;
  const row = rows[0];
  if (!row) return null;
  if (row.failing_since || row.consecutive_failures < policy.threshold) {
    return {
      name: row.name,
      failures: Number(row.consecutive_failures),
      episode: null,
      failingSince: row.failing_since,
    };
  }
  const started = await db.$queryRaw<{ failing_since: Date }[]>`
    UPDATE user_mcp_connections SET failing_since = now() WHERE id = ${id} AND user_id = ${userId} AND failing_since IS NULL RETURNING failing_since`;
  return {
    name: row.name,
    failures: Number(row.consecutive_failures),
    episode: started[0] ? "started" : null,
    failingSince: started[0]?.failing_since ?? null,
  };
}

/**
 * Replaces the stored tool list the connector's live server reported, only if the stored
 * one is still `expected` (no lost update between two instances). `updated_at` is left
 * alone: it marks the user's edits, and pooled connections are keyed on it.
 */
export async function replaceToolSnapshot(
  userId: string,
  id: string,
  expected: unknown,
  snapshot: unknown[],
): Promise<boolean> {
  const next = JSON.stringify(storable(snapshot));
  const rows = await prisma().$executeRaw`
    UPDATE user_mcp_connections SET tools_snapshot = ${next}::jsonb, tool_count = ${snapshot.length}
     WHERE id = ${id} AND user_id = ${userId} AND tools_snapshot = ${JSON.stringify(expected ?? [])}::jsonb`;
  return rows === 1;
}
