// Database schemas shared by the tRPC router and the React forms: connection settings,
// the connection test, and a database as the browser sees it (never its password).
import { z } from "zod";

export { MAX_DATABASES_PER_USER } from "@/lib/limits";

/** Every user's read-only sample shop (one shared embedded database, never the app's own). */
export const SAMPLE_DATABASE_ID = "sample";
export const SAMPLE_DATABASE_NAME = "Sample shop";

export const DatabaseId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Invalid database id");

const noControl = (s: string) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

export const DatabaseName = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .max(60, "Names are at most 60 characters")
  .refine(noControl, { message: "Names cannot contain control characters" });

/** disable: plain text; require: encrypted, certificate not checked; verify-full: certificate valid for the host. */
export const DatabaseTlsMode = z.enum(["disable", "require", "verify-full"]);
export type DatabaseTlsMode = z.infer<typeof DatabaseTlsMode>;

const CaCertificate = z
  .string()
  .trim()
  .max(20_000, "A certificate is at most 20,000 characters")
  .refine((pem) => pem === "" || /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/.test(pem), {
    message: "Paste the certificate authority as PEM (-----BEGIN CERTIFICATE----- …)",
  })
  .transform((pem) => pem || undefined)
  .optional();

const Password = z.string().max(1_000, "Passwords are at most 1,000 characters");

/**
 * How to reach the server: a connection URL (postgresql://user:password@host:5432/db?sslmode=…)
 * or separate fields. A password left out (or empty) when editing keeps the saved one, for
 * the same host, port, database and user only.
 */
export const DatabaseConnectionInput = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("url"),
    url: z
      .string()
      .trim()
      .min(1, "Enter the connection URL")
      .max(2_000, "Connection URLs are at most 2,000 characters")
      .refine(noControl, { message: "URLs cannot contain control characters" }),
    /** Overrides the URL's sslmode when set; without either, require. */
    tls: DatabaseTlsMode.optional(),
    caCertificate: CaCertificate,
  }),
  z.object({
    type: z.literal("fields"),
    host: z.string().trim().min(1, "Enter the server's host name").max(253, "Host names are at most 253 characters"),
    port: z.number().int().min(1, "Ports are 1 to 65535").max(65_535, "Ports are 1 to 65535").default(5432),
    database: z.string().min(1, "Enter the database name").max(63, "Database names are at most 63 characters"),
    user: z.string().min(1, "Enter the user name").max(63, "User names are at most 63 characters"),
    password: Password.optional(),
    tls: DatabaseTlsMode.default("require"),
    caCertificate: CaCertificate,
  }),
]);
export type DatabaseConnectionInput = z.input<typeof DatabaseConnectionInput>;

export const DatabaseTestRequest = z.object({
  connection: DatabaseConnectionInput,
  /** When editing: a password left out is taken from this database (same server and user only). */
  databaseId: DatabaseId.optional(),
});
export type DatabaseTestRequest = z.infer<typeof DatabaseTestRequest>;

export const DatabaseCreateRequest = z.object({ name: DatabaseName, connection: DatabaseConnectionInput });
export type DatabaseCreateRequest = z.infer<typeof DatabaseCreateRequest>;

export const DatabaseUpdateRequest = z.object({
  id: DatabaseId,
  name: DatabaseName.optional(),
  connection: DatabaseConnectionInput.optional(),
});
export type DatabaseUpdateRequest = z.infer<typeof DatabaseUpdateRequest>;

export const DatabaseIdRequest = z.object({ id: DatabaseId });
export const DatabaseToggleRequest = z.object({ id: DatabaseId, enabled: z.boolean() });
export const DatabaseDeleteResponse = z.object({ id: z.string() });

export const DatabaseTestCode = z.enum([
  "INVALID_URL",
  "URL_NOT_ALLOWED",
  "TIMEOUT",
  "AUTH_FAILED",
  "NOT_POSTGRES",
  "NO_TABLES",
  "CONNECT_FAILED",
]);
export type DatabaseTestCode = z.infer<typeof DatabaseTestCode>;

export const DatabaseTestStep = z.object({
  name: z.enum(["address_check", "connect", "authenticate", "catalog"]),
  status: z.enum(["ok", "failed", "skipped", "warning"]),
  durationMs: z.number().nonnegative(),
  detail: z.string().optional(),
});
export type DatabaseTestStep = z.infer<typeof DatabaseTestStep>;

export const DatabaseTestResponse = z.object({
  /** True when the database may be saved (NO_TABLES is a warning, not a failure). */
  ok: z.boolean(),
  code: DatabaseTestCode.nullable(),
  message: z.string(),
  /** What the user can do about it. */
  hint: z.string().optional(),
  steps: z.array(DatabaseTestStep),
  server: z.object({ version: z.string(), database: z.string(), user: z.string() }).nullable(),
  /** Tables, views and materialized views the user can read. */
  relationCount: z.number().int(),
  durationMs: z.number().nonnegative(),
});
export type DatabaseTestResponse = z.infer<typeof DatabaseTestResponse>;

export type DatabaseTestEvent =
  { type: "step"; step: DatabaseTestStep } | { type: "result"; result: DatabaseTestResponse };

export const DatabaseStatus = z.enum(["connected", "failing", "disabled", "preparing", "unavailable"]);
export type DatabaseStatus = z.infer<typeof DatabaseStatus>;

export const DatabaseResponse = z.object({
  id: z.string(),
  name: z.string(),
  /** postgres: the user's own server; sample: the shared sample shop. */
  kind: z.enum(["postgres", "sample"]),
  /** The settings without the password (null for the sample), for the edit form. */
  connection: z
    .object({
      host: z.string(),
      port: z.number().int(),
      database: z.string(),
      user: z.string(),
      tls: DatabaseTlsMode,
      hasPassword: z.boolean(),
      hasCaCertificate: z.boolean(),
    })
    .nullable(),
  /** The sample cannot be edited or deleted, only disabled. */
  editable: z.boolean(),
  enabled: z.boolean(),
  /** preparing and unavailable: the sample is being built, or could not be built on this server. */
  status: DatabaseStatus,
  statusMessage: z.string().nullable(),
  lastTestOk: z.boolean().nullable(),
  lastTestCode: z.string().nullable(),
  lastTestMessage: z.string().nullable(),
  lastTestAt: z.date().nullable(),
  serverVersion: z.string().nullable(),
  /** Tables and views the last test or schema read found; null when not known yet. */
  relationCount: z.number().int().nullable(),
  schemaRefreshedAt: z.date().nullable(),
  createdAt: z.date().nullable(),
  updatedAt: z.date().nullable(),
});
export type DatabaseResponse = z.infer<typeof DatabaseResponse>;
