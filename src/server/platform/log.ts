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

function serializeError(err: unknown): unknown {
  const plain = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  return JSON.parse(scrubSecrets(JSON.stringify(plain))) as unknown;
}

export function createLogger(destination?: DestinationStream, level = env().LOG_LEVEL): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: "connectors" },
    serializers: { err: serializeError },
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
