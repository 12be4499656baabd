// Connecting to a user's PostgreSQL server, and the connection test that shows each step.
//
// The host is resolved once, every address goes through the injected outbound check, and
// pg connects to a checked IP address (TLS still verifies, and sends SNI for, the host
// name the user gave), so DNS cannot answer differently between check and connect.
// Every pg setting is passed explicitly: pg would otherwise fill gaps from the app's own
// PG* environment variables or ~/.pgpass and hand them to someone else's server.
import dns from "node:dns/promises";
import { isIP } from "node:net";
import pg from "pg";
import { AppError } from "@/lib/errors";
import type { ConnectionSettings } from "./connection-input";
import { pgErrorFields } from "./errors";
import { watchHandshake, type Handshake } from "./handshake";
import { pgSession } from "./pg-session";
import type { SqlSession } from "./session";

/** Throws an AppError with code URL_NOT_ALLOWED when these addresses may not be reached. */
export type AddressCheck = (host: string, addresses: string[]) => Promise<void>;
export type Resolver = (host: string) => Promise<string[]>;

export type ConnectOptions = {
  checkAddress: AddressCheck;
  /** Deadline of the whole connection (resolving, TLS, authentication). */
  timeoutMs?: number;
  /** Name resolution; the system resolver unless a test replaces it. */
  resolve?: Resolver;
};

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export type DatabaseTestCode =
  "INVALID_URL" | "URL_NOT_ALLOWED" | "TIMEOUT" | "AUTH_FAILED" | "NOT_POSTGRES" | "NO_TABLES" | "CONNECT_FAILED";
export type DatabaseTestStepName = "address_check" | "connect" | "authenticate" | "catalog";

/** Where a failure happened and how to say it; becomes an AppError or a failed test step. */
export type ConnectFailure = { step: DatabaseTestStepName; code: DatabaseTestCode; message: string; hint?: string };

export class ConnectError extends Error {
  readonly handshake?: Handshake;
  constructor(
    readonly failure: ConnectFailure,
    options: { cause?: unknown; handshake?: Handshake } = {},
  ) {
    super(failure.message, { cause: options.cause });
    this.handshake = options.handshake;
    this.name = "ConnectError";
  }
  toAppError(): AppError {
    const { code, message, hint } = this.failure;
    return new AppError(code, message, { cause: this.cause, details: hint ? { hint } : undefined });
  }
}

const systemResolver: Resolver = async (host) =>
  (await dns.lookup(host, { all: true, verbatim: true })).map((a) => a.address);

function later<T>(ms: number, value: () => T): { promise: Promise<T>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(value()), ms)));
  return { promise, cancel: () => clearTimeout(timer) };
}

/** Resolves the host and runs the outbound check on every address. */
export async function checkedAddresses(
  settings: ConnectionSettings,
  opts: ConnectOptions,
  deadline: number,
): Promise<string[]> {
  const fail = (code: DatabaseTestCode, message: string, cause?: unknown): never => {
    throw new ConnectError({ step: "address_check", code, message }, { cause });
  };
  let addresses: string[];
  if (isIP(settings.host)) addresses = [settings.host];
  else {
    const timer = later(Math.max(0, deadline - Date.now()), () => "timeout" as const);
    try {
      const found = await Promise.race([(opts.resolve ?? systemResolver)(settings.host), timer.promise]);
      if (found === "timeout") return fail("TIMEOUT", `Looking up ${settings.host} took too long.`);
      addresses = found;
    } catch (err) {
      if (err instanceof ConnectError) throw err;
      return fail("INVALID_URL", `No server named ${settings.host} could be found.`, err);
    } finally {
      timer.cancel();
    }
  }
  if (addresses.length === 0) fail("INVALID_URL", `${settings.host} has no address.`);
  try {
    await opts.checkAddress(settings.host, addresses);
  } catch (err) {
    if (!(err instanceof AppError && err.code === "URL_NOT_ALLOWED")) throw err;
    fail("URL_NOT_ALLOWED", err instanceof Error ? err.message : String(err), err);
  }
  return addresses;
}

function tlsOptions(s: ConnectionSettings): false | { rejectUnauthorized: boolean; servername?: string; ca?: string } {
  if (s.tls === "disable") return false;
  return {
    rejectUnauthorized: s.tls === "verify-full",
    // SNI must not carry an IP address (RFC 6066); pg then checks the certificate against the IP.
    ...(isIP(s.host) ? {} : { servername: s.host }),
    ...(s.caCertificate ? { ca: s.caCertificate } : {}),
  };
}

const TLS_CODES = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL|HOSTNAME_MISMATCH)/;

/** What went wrong while connecting, given what the server had said by then. */
export function classifyConnectError(
  err: unknown,
  hs: Handshake,
  s: ConnectionSettings,
  timeoutMs: number,
): ConnectFailure {
  const where = `${s.host}:${s.port}`;
  const pgErr = pgErrorFields(err);
  if (hs.notPostgres)
    return {
      step: "connect",
      code: "NOT_POSTGRES",
      message: `The server at ${where} does not speak the PostgreSQL protocol (${hs.notPostgres}).`,
      hint: "Check the host and port: PostgreSQL usually listens on 5432.",
    };
  if (pgErr?.code === "28P01" || pgErr?.code === "28000")
    return {
      step: "authenticate",
      code: "AUTH_FAILED",
      message: `The server refused the login: ${pgErr.message}.`,
      hint: "Check the user name and password, and that this user may connect to this database from here.",
    };
  if (pgErr?.code === "3D000")
    return {
      step: "authenticate",
      code: "CONNECT_FAILED",
      message: `The server has no database named ${s.database}.`,
      hint: "Check the database name.",
    };
  if (pgErr)
    return {
      step: hs.spoke ? "authenticate" : "connect",
      code: "CONNECT_FAILED",
      message: `The server refused the connection: ${pgErr.message}.`,
    };
  const sys = (err as { code?: unknown } | null)?.code;
  const text = err instanceof Error ? err.message : String(err);
  if (text === "timeout expired" || sys === "ETIMEDOUT") {
    const what = !hs.tcp ? "accept the connection" : !hs.spoke ? "answer" : "finish the login";
    return {
      step: hs.spoke ? "authenticate" : "connect",
      code: "TIMEOUT",
      message: `The server at ${where} did not ${what} within ${timeoutMs} ms.`,
      hint: "Check that the server is running and that its firewall lets this app in.",
    };
  }
  if (sys === "ECONNREFUSED")
    return {
      step: "connect",
      code: "CONNECT_FAILED",
      message: `Nothing is listening at ${where} (connection refused).`,
      hint: "Check the port and that the server is running.",
    };
  if (sys === "EHOSTUNREACH" || sys === "ENETUNREACH")
    return { step: "connect", code: "CONNECT_FAILED", message: `${where} cannot be reached from this app (${sys}).` };
  if (typeof sys === "string" && TLS_CODES.test(sys))
    return {
      step: "connect",
      code: "CONNECT_FAILED",
      message: `The server's TLS certificate was not accepted (${sys}).`,
      hint: "With verify-full the certificate must be valid for the host name; use require to encrypt without checking it.",
    };
  if (/does not support SSL/i.test(text))
    return {
      step: "connect",
      code: "CONNECT_FAILED",
      message: "The server does not accept TLS connections.",
      hint: "Choose TLS mode disable only if the network to the database is trusted.",
    };
  if (hs.tcp && !hs.spoke)
    return {
      step: "connect",
      code: "NOT_POSTGRES",
      message: `The server at ${where} closed the connection without answering like PostgreSQL.`,
      hint: "Check the host and port: PostgreSQL usually listens on 5432.",
    };
  return {
    step: hs.spoke ? "authenticate" : "connect",
    code: "CONNECT_FAILED",
    message: `The connection failed: ${text}`,
  };
}

export type DialedClient = { client: pg.Client; address: string; handshake: Handshake };

/** Opens a pg Client on the first checked address that accepts the connection. */
export async function dial(s: ConnectionSettings, addresses: string[], deadline: number): Promise<DialedClient> {
  let last: ConnectFailure | undefined;
  let lastErr: unknown;
  let lastHandshake: Handshake | undefined;
  for (const address of addresses) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    const config = {
      host: address,
      port: s.port,
      user: s.user,
      database: s.database,
      password: () => s.password,
      ssl: tlsOptions(s),
      sslnegotiation: "postgres",
      connectionTimeoutMillis: remaining,
      application_name: "connectors-agent",
      keepAlive: true,
    };
    const client = new pg.Client(config as pg.ClientConfig);
    const handshake = watchHandshake(client, s.tls !== "disable");
    client.on("error", () => undefined); // reported through connect()'s rejection
    try {
      await client.connect();
      return { client, address, handshake };
    } catch (err) {
      lastErr = err;
      lastHandshake = handshake;
      last = classifyConnectError(err, handshake, s, remaining);
      await client.end().catch(() => undefined);
      // Another address of the same host may work; a server that answered has decided.
      if (handshake.spoke || last.code === "NOT_POSTGRES") break;
    }
  }
  throw new ConnectError(
    last ?? { step: "connect", code: "TIMEOUT", message: `No connection to ${s.host}:${s.port} within the deadline.` },
    { cause: lastErr, handshake: lastHandshake },
  );
}

/** A session on the user's server, or an AppError saying precisely why not. */
export async function connectPostgres(settings: ConnectionSettings, opts: ConnectOptions): Promise<SqlSession> {
  const deadline = Date.now() + (opts.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
  try {
    const addresses = await checkedAddresses(settings, opts, deadline);
    const { client } = await dial(settings, addresses, deadline);
    return pgSession(client);
  } catch (err) {
    if (err instanceof ConnectError) throw err.toAppError();
    throw err;
  }
}
