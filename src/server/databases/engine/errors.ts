// The engine's failures as AppErrors. Codes src/lib/errors.ts does not have yet are raised
// under an existing placeholder code, with the intended code in `details.engineCode`, so
// adding them later is a change to this table alone.
import { AppError, type AppErrorCode } from "@/lib/errors";

const PENDING_CODES = {
  READ_ONLY: "VALIDATION", // CODE: READ_ONLY (a statement that could write or change the session)
  QUERY_FAILED: "VALIDATION", // CODE: QUERY_FAILED (the database refused the SQL: syntax, unknown column…)
  NOT_POSTGRES: "VALIDATION", // CODE: NOT_POSTGRES (the peer does not speak the PostgreSQL protocol)
  NO_TABLES: "VALIDATION", // CODE: NO_TABLES (connected, but no table or view is visible)
  CONNECT_FAILED: "VALIDATION", // CODE: CONNECT_FAILED (refused, unreachable, TLS, unknown database, connection lost)
} as const satisfies Record<string, AppErrorCode>;

export type PendingCode = keyof typeof PENDING_CODES;
export type EngineCode = AppErrorCode | PendingCode;

export function engineError(
  code: EngineCode,
  message: string,
  options: { cause?: unknown; details?: Record<string, unknown> } = {},
): AppError {
  const pending = Object.hasOwn(PENDING_CODES, code) ? PENDING_CODES[code as PendingCode] : undefined;
  const details = pending ? { ...options.details, engineCode: code } : options.details;
  return new AppError(pending ?? (code as AppErrorCode), message, { cause: options.cause, details });
}

/** The code an engine error stands for, whether or not src/lib/errors.ts knows it yet. */
export function engineCodeOf(err: unknown): EngineCode | undefined {
  if (!(err instanceof AppError)) return undefined;
  const intended = err.details?.engineCode;
  return typeof intended === "string" ? (intended as EngineCode) : err.code;
}

/** The fields PostgreSQL (and PGlite) attach to an error it reports. */
export type PgErrorFields = {
  message: string;
  code?: string;
  position?: string;
  detail?: string;
  hint?: string;
};

/** The server's error fields, when `err` is an error the database reported. */
export function pgErrorFields(err: unknown): PgErrorFields | undefined {
  if (!err || typeof err !== "object") return undefined;
  const e = err as Record<string, unknown>;
  if (typeof e.code !== "string" || !/^[0-9A-Z]{5}$/.test(e.code)) return undefined;
  const text = (k: string) => {
    const v = e[k];
    return typeof v === "string" ? v : undefined;
  };
  return {
    message: text("message") ?? "",
    code: e.code,
    position: text("position"),
    detail: text("detail"),
    hint: text("hint"),
  };
}
