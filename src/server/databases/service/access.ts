// Which database a call means (by id or name, or the default one), and a session on it:
// the shared sample, or a new connection to the user's server that is always closed. A
// connection that fails is noted on the database, so its status shows it.
import { AppError } from "@/lib/errors";
import { DatabaseTestCode, SAMPLE_DATABASE_ID, SAMPLE_DATABASE_NAME } from "@/lib/schemas/databases";
import type { SqlSession } from "@/server/databases/engine/session";
import { openConnection } from "@/server/databases/service/connection";
import { sampleSession } from "@/server/databases/service/sample";
import { storedSettings } from "@/server/databases/service/settings";
import { listDatabases, updateOwnDatabase, type DatabaseRecord } from "@/server/db/databases";

export type DatabaseHandle = {
  id: string;
  name: string;
  kind: "postgres" | "sample";
  enabled: boolean;
  /** The stored row (null for a sample the user never changed). */
  row: DatabaseRecord | null;
};

export function sampleHandle(settings: DatabaseRecord | null): DatabaseHandle {
  return {
    id: SAMPLE_DATABASE_ID,
    name: SAMPLE_DATABASE_NAME,
    kind: "sample",
    enabled: settings?.enabled ?? true,
    row: settings,
  };
}

export function handleOf(row: DatabaseRecord): DatabaseHandle {
  return { id: row.id, name: row.name, kind: "postgres", enabled: row.enabled, row };
}

/** The user's databases, the sample first. */
export async function databaseHandles(userId: string): Promise<DatabaseHandle[]> {
  const rows = await listDatabases(userId);
  return [
    sampleHandle(rows.find((r) => r.kind === "sample") ?? null),
    ...rows.filter((r) => r.kind === "postgres").map(handleOf),
  ];
}

/** The database the agent uses when none is named: the user's first enabled one, else the sample. */
export function defaultHandle(all: DatabaseHandle[]): DatabaseHandle | undefined {
  const enabled = all.filter((h) => h.enabled);
  return enabled.find((h) => h.kind === "postgres") ?? enabled[0];
}

/** The enabled database `ref` names (id or name, any case), or the default one. */
export async function resolveDatabase(userId: string, ref?: string): Promise<DatabaseHandle> {
  const all = await databaseHandles(userId);
  const names = all.map((h) => `${h.name}${h.enabled ? "" : " (disabled)"}`).join(", ");
  const wanted = ref?.trim();
  if (!wanted) {
    const found = defaultHandle(all);
    if (!found)
      throw new AppError(
        "TOOL_UNAVAILABLE",
        `No database is enabled. Enable one under Databases (your databases: ${names}).`,
      );
    return found;
  }
  const found = all.find((h) => h.id === wanted) ?? all.find((h) => h.name.toLowerCase() === wanted.toLowerCase());
  if (!found) throw new AppError("NOT_FOUND", `You have no database named "${wanted}". Your databases: ${names}.`);
  if (!found.enabled)
    throw new AppError("TOOL_UNAVAILABLE", `${found.name} is disabled. Enable it under Databases to use it here.`);
  return found;
}

/** Records how the last connection to a user's database went (its status follows). */
async function noteOutcome(row: DatabaseRecord, err: unknown): Promise<void> {
  if (err === null) {
    if (row.lastTestOk === false)
      await updateOwnDatabase(row.userId, row.id, {
        lastTestOk: true,
        lastTestCode: null,
        lastTestMessage: "Connected.",
        lastTestAt: new Date(),
      });
    return;
  }
  const code = err instanceof AppError ? DatabaseTestCode.safeParse(err.code) : undefined;
  if (!code?.success || !(err instanceof AppError)) return;
  await updateOwnDatabase(row.userId, row.id, {
    lastTestOk: false,
    lastTestCode: code.data,
    lastTestMessage: err.message,
    lastTestAt: new Date(),
  });
}

/** Runs `work` on a session to the database; a user's server is connected for it and closed after. */
export async function withSession<T>(handle: DatabaseHandle, work: (session: SqlSession) => Promise<T>): Promise<T> {
  if (handle.kind === "sample") return work(await sampleSession());
  const row = handle.row!;
  let session: SqlSession;
  try {
    session = await openConnection(storedSettings(row));
  } catch (err) {
    await noteOutcome(row, err).catch(() => undefined);
    throw err;
  }
  try {
    await noteOutcome(row, null).catch(() => undefined);
    return await work(session);
  } finally {
    await session.close();
  }
}
