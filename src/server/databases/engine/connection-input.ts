// How a user describes their PostgreSQL server: a connection URL or separate fields,
// normalised to one shape. Nothing here touches the network.
import { isIP } from "node:net";
import { z } from "zod";
import { AppError } from "@/lib/errors";

export const TlsMode = z.enum(["disable", "require", "verify-full"]);
export type TlsMode = z.infer<typeof TlsMode>;

const CA_CERTIFICATE = z.string().max(20_000).optional();

export const ConnectionFields = z.object({
  host: z.string().trim().min(1).max(253),
  port: z.number().int().min(1).max(65_535).default(5432),
  database: z.string().min(1).max(63),
  user: z.string().min(1).max(63),
  password: z.string().max(1_000).default(""),
  /** require: encrypted, certificate not checked; verify-full: certificate valid for the host. */
  tls: TlsMode.default("require"),
  /** PEM of a private certificate authority, for verify-full against it. */
  caCertificate: CA_CERTIFICATE,
});
export type ConnectionSettings = z.output<typeof ConnectionFields>;

export const ConnectionUrl = z.object({ url: z.string().trim().min(1).max(2_000), caCertificate: CA_CERTIFICATE });

export const ConnectionInput = z.union([ConnectionUrl, ConnectionFields]);
export type ConnectionInput = z.input<typeof ConnectionInput>;

// libpq's sslmode values; the weaker "allow"/"prefer" would silently fall back to plain text.
const SSLMODES: Record<string, TlsMode> = {
  disable: "disable",
  require: "require",
  "verify-ca": "verify-full",
  "verify-full": "verify-full",
};

function invalid(message: string): never {
  throw new AppError("INVALID_URL", message);
}

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return invalid(`The ${what} in the connection URL is not correctly percent-encoded.`);
  }
}

/** Reads postgres://user:password@host:port/database?sslmode=… */
export function parseConnectionUrl(text: string): Omit<ConnectionSettings, "caCertificate"> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return invalid("This is not a valid connection URL; it looks like postgresql://user:password@host:5432/database.");
  }
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:")
    invalid(`A PostgreSQL connection URL starts with postgresql://, not ${url.protocol}//.`);
  for (const key of ["host", "hostaddr", "port", "options", "service"])
    if (url.searchParams.has(key))
      invalid(`The connection URL parameter "${key}" is not supported; put the server in the URL itself.`);
  const sslmode = url.searchParams.get("sslmode") ?? (url.searchParams.get("ssl") === "true" ? "require" : null);
  const tls = sslmode === null ? "require" : SSLMODES[sslmode];
  if (!tls) invalid(`sslmode=${sslmode} is not supported; use disable, require or verify-full.`);
  if (!url.hostname) invalid("The connection URL needs a host: postgresql://user:password@host/database.");
  const user = decode(url.username, "user name");
  if (!user) invalid("The connection URL needs a user name: postgresql://user:password@host/database.");
  const fields = {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port ? Number(url.port) : 5432,
    database: decode(url.pathname.replace(/^\//, ""), "database name") || user,
    user,
    password: decode(url.password, "password"),
    tls,
  };
  return checkFields(fields);
}

function checkFields<T extends { host: string; database: string }>(fields: T): T {
  if (!fields.host) invalid("The connection needs a host name.");
  if (fields.host.includes("/") || fields.host.includes(","))
    invalid("Give one network host name or address; Unix sockets and host lists are not supported.");
  if (!isIP(fields.host) && !/^[A-Za-z0-9._-]+$/.test(fields.host)) invalid(`${fields.host} is not a valid host name.`);
  if (fields.database.includes("/")) invalid("The database name cannot contain a slash.");
  return fields;
}

/** Validates either form of input and returns the settings to connect with. */
export function parseConnectionInput(input: unknown): ConnectionSettings {
  const parsed = ConnectionInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return invalid(`Invalid connection settings (${where}${issue?.message ?? "unknown problem"}).`);
  }
  const value = parsed.data;
  if ("url" in value) return { ...parseConnectionUrl(value.url), caCertificate: value.caCertificate };
  return checkFields(value);
}

/** The settings without the password, e.g. for logs and for showing the user. */
export function describeConnection(s: ConnectionSettings): string {
  return `postgresql://${encodeURIComponent(s.user)}@${isIP(s.host) === 6 ? `[${s.host}]` : s.host}:${s.port}/${encodeURIComponent(s.database)}?sslmode=${s.tls}`;
}
