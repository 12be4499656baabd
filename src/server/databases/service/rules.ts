// Rules every database write follows: ownership, the limit, unique names (the sample's
// name is taken), the sample's own limits, and that connection settings are saved only
// after a passing test, with what that test found.
import { AppError, isAppErrorCode } from "@/lib/errors";
import {
  MAX_DATABASES_PER_USER,
  SAMPLE_DATABASE_ID,
  SAMPLE_DATABASE_NAME,
  type DatabaseTestResponse,
} from "@/lib/schemas/databases";
import { databaseNameTaken, findDatabase, type DatabaseRecord } from "@/server/db/databases";

export function notFound(): AppError {
  return new AppError("NOT_FOUND", "Database not found.");
}

export function isSample(id: string): boolean {
  return id === SAMPLE_DATABASE_ID;
}

/** The sample is shared and read-only: it can be disabled, not edited or deleted. */
export function sampleRefusal(action: "edit" | "delete"): AppError {
  return new AppError(
    "VALIDATION",
    action === "delete"
      ? `The ${SAMPLE_DATABASE_NAME} database cannot be deleted; disable it to hide it from the agent.`
      : `The ${SAMPLE_DATABASE_NAME} database cannot be edited; you can disable it.`,
  );
}

/** The user's own database (not the sample); another user's id is "not found". */
export async function ownDatabase(userId: string, id: string, action: "edit" | "delete" = "edit") {
  if (isSample(id)) throw sampleRefusal(action);
  const row = await findDatabase(userId, id);
  if (!row) throw notFound();
  return row;
}

export function limitError(): AppError {
  return new AppError(
    "DATABASE_LIMIT",
    `You can have at most ${MAX_DATABASES_PER_USER} databases. Delete one to add another.`,
    { details: { limit: MAX_DATABASES_PER_USER } },
  );
}

export function duplicateError(name: string): AppError {
  return new AppError("DUPLICATE_NAME", `You already have a database named "${name}". Choose another name.`);
}

/** Names are unique per user, ignoring case; the sample's name is always taken. */
export async function nameTaken(userId: string, name: string, exceptId?: string): Promise<boolean> {
  return (
    name.toLowerCase() === SAMPLE_DATABASE_NAME.toLowerCase() ||
    name.toLowerCase() === SAMPLE_DATABASE_ID ||
    (await databaseNameTaken(userId, name, exceptId))
  );
}

/** A test that did not pass stops a save with its own code and message. */
export function requirePassingTest(
  test: DatabaseTestResponse,
  log: (outcome: string, extra?: Record<string, unknown>) => void,
): void {
  if (test.ok) return;
  const code = test.code && isAppErrorCode(test.code) ? test.code : "CONNECT_FAILED";
  log("refused", { code });
  throw new AppError(code, test.message, { details: { test } });
}

/** What a test decides about a database: when, how it went, the server's version. */
export function testColumns(test: DatabaseTestResponse) {
  return {
    lastTestOk: test.ok,
    lastTestCode: test.code,
    lastTestMessage: test.message,
    lastTestAt: new Date(),
    serverVersion: test.server?.version ?? null,
    relationCount: test.relationCount,
  };
}

export type { DatabaseRecord };
