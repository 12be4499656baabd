// Structured JSON logs. Every line carries the request id of the request it belongs to
// (taken from an AsyncLocalStorage context) and secrets are redacted by key name.
import { env } from "@/env";
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import pino, { type DestinationStream, type Logger } from "pino";

type RequestContext = { requestId: string; userId?: string };
const storage = new AsyncLocalStorage<RequestContext>();

const SECRET_KEYS = [
  "password",
  "passwordHash",
  "token",
  "accessToken",
  "refreshToken",
  "secret",
  "authorization",
  "cookie",
  "credentials",
  "apiKey",
  "headers",
  "encryptedCredentials",
  "encryptedTokens",
];

/** Error messages can carry secrets (a connection string, an echoed header); scrub them. */
export function scrubSecrets(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^:@\s/]*:)[^@\s/]+@/gi, "$1[redacted]@")
    .replace(/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi, "$1 [redacted]");
}

// Only these fields of an error are logged. Errors carry whatever their library put on
// them: the AI SDK's APICallError has `requestBodyValues` (every message of the
// conversation, tool results, email bodies) and `responseBody`; MCP and fetch errors carry
// data from remote servers. Name, message, status and code say what went wrong.
const ERROR_FIELDS = ["name", "message", "stack", "code", "status", "statusCode", "isRetryable", "reason"] as const;
const MAX_MESSAGE = 500;

function serializeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return typeof err === "string" ? scrubSecrets(err.slice(0, MAX_MESSAGE)) : typeof err;
  const record = err as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { type: err.constructor.name };
  for (const field of ERROR_FIELDS) {
    const value = record[field];
    if (typeof value === "string")
      out[field] = scrubSecrets(value.slice(0, field === "stack" ? 4 * MAX_MESSAGE : MAX_MESSAGE));
    else if (typeof value === "number" || typeof value === "boolean") out[field] = value;
  }
  if (err.cause !== undefined && depth < 3) out.cause = serializeError(err.cause, depth + 1);
  // The AI SDK's RetryError keeps the last attempt's error here.
  if (record.lastError instanceof Error && depth < 3) out.lastError = serializeError(record.lastError, depth + 1);
  return out;
}

export function createLogger(destination?: DestinationStream, level = env().LOG_LEVEL): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: "connectors" },
    serializers: { err: (e: unknown) => serializeError(e) },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: [...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`)], censor: "[redacted]" },
    mixin: () => {
      const ctx = storage.getStore();
      return ctx ? { requestId: ctx.requestId, ...(ctx.userId ? { userId: ctx.userId } : {}) } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

let root: Logger | undefined;

export function logger(): Logger {
  root ??= createLogger();
  return root;
}

/** Replaces the destination, e.g. to capture lines in a test. */
export function setLoggerForTests(l: Logger | undefined): void {
  root = l;
}

export function newRequestId(): string {
  return randomUUID();
}

export function withRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

export function setContextUser(userId: string): void {
  const ctx = storage.getStore();
  if (ctx) ctx.userId = userId;
}
