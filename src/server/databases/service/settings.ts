// A database's connection settings: from a form (URL or fields) to what the engine connects
// with, what is stored (the password encrypted, bound to its owner and row), and back. A
// saved password is only reused for the server and user it was saved for.
import { AppError } from "@/lib/errors";
import type { DatabaseConnectionInput, DatabaseTlsMode } from "@/lib/schemas/databases";
import {
  parseConnectionInput,
  parseConnectionUrl,
  type ConnectionSettings,
} from "@/server/databases/engine/connection-input";
import type { DatabaseRecord } from "@/server/db/databases";
import { databaseBinding } from "@/server/platform/bindings";
import { decryptCredentials, encryptCredentials } from "@/server/platform/encryption";
import type { z } from "zod";

export type ConnectionInput = z.output<typeof DatabaseConnectionInput>;

/** Settings as the form gave them; `password` is undefined when it was left empty. */
type FormSettings = Omit<ConnectionSettings, "password"> & { password: string | undefined };

/** The engine's reading of the form (INVALID_URL when it cannot be read). */
export function settingsFromInput(input: ConnectionInput): FormSettings {
  if (input.type === "url") {
    const { password, ...parsed } = parseConnectionUrl(input.url);
    return {
      ...parsed,
      tls: input.tls ?? parsed.tls,
      caCertificate: input.caCertificate,
      password: password || undefined,
    };
  }
  const { type: _type, password, ...fields } = input;
  const parsed = parseConnectionInput({ ...fields, password: "" });
  return { ...parsed, password: password || undefined };
}

/** The form as the engine's own input, for a connection test that reports why it cannot be read. */
export function rawEngineInput(input: ConnectionInput): unknown {
  if (input.type === "url") return { url: input.url, caCertificate: input.caCertificate };
  const { type: _type, ...fields } = input;
  return fields;
}

export function storedPassword(row: DatabaseRecord): string {
  if (!row.encryptedPassword) return "";
  return decryptCredentials<{ password: string }>(row.encryptedPassword, databaseBinding(row.userId, row.id)).password;
}

/** Same server, database and user: only then may a saved password be sent. */
export function sameTarget(row: DatabaseRecord, s: Pick<ConnectionSettings, "host" | "port" | "database" | "user">) {
  return (
    row.host?.toLowerCase() === s.host.toLowerCase() &&
    row.port === s.port &&
    row.databaseName === s.database &&
    row.username === s.user
  );
}

/**
 * Settings to connect with: the form's, with the saved password when the form left it
 * empty and the target is unchanged. Changing host, port, database or user asks for it again.
 */
export function resolveSettings(input: ConnectionInput, existing: DatabaseRecord | null): ConnectionSettings {
  const form = settingsFromInput(input);
  if (form.password !== undefined || !existing) return { ...form, password: form.password ?? "" };
  const saved = storedPassword(existing);
  if (saved && !sameTarget(existing, form))
    throw new AppError(
      "VALIDATION",
      "Enter the password again: a saved password is only sent to the server, database and user it was saved for.",
    );
  return { ...form, password: saved };
}

/** The saved settings of a database, password included, to connect with. */
export function storedSettings(row: DatabaseRecord): ConnectionSettings {
  return {
    host: row.host ?? "",
    port: row.port ?? 5432,
    database: row.databaseName ?? "",
    user: row.username ?? "",
    password: storedPassword(row),
    tls: (row.tlsMode ?? "require") as DatabaseTlsMode,
    caCertificate: row.caCertificate ?? undefined,
  };
}

/** The columns that store these settings, the password encrypted (none stored when empty). */
export function connectionColumns(userId: string, databaseId: string, s: ConnectionSettings) {
  const encrypted = s.password
    ? encryptCredentials({ password: s.password }, databaseBinding(userId, databaseId))
    : null;
  return {
    host: s.host,
    port: s.port,
    databaseName: s.database,
    username: s.user,
    encryptedPassword: encrypted?.ciphertext ?? null,
    keyVersion: encrypted?.keyVersion ?? null,
    tlsMode: s.tls,
    caCertificate: s.caCertificate ?? null,
  };
}

/** Where a database is, for logs: never the password. */
export function loggableTarget(s: Pick<ConnectionSettings, "host" | "port">): string {
  return `${s.host}:${s.port}`;
}
