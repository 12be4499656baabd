// What a database error carries. The engine raises AppErrors with the codes of
// src/lib/errors.ts (READ_ONLY, QUERY_FAILED, CONNECT_FAILED…); this reads the server's own.

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
