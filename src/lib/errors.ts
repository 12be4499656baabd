// Domain error codes shared by server and browser. The server throws AppError; the
// tRPC error formatter (src/server/api/trpc.ts) turns it into a response whose
// `data.appCode` the client reads, and routes outside tRPC answer the same code with the
// same HTTP status (src/server/platform/http-errors.ts).

export const ERROR_CODES = {
  // generic
  VALIDATION: "BAD_REQUEST",
  NOT_FOUND: "NOT_FOUND",
  UNAUTHENTICATED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  INTERNAL: "INTERNAL_SERVER_ERROR",
  // accounts
  EMAIL_TAKEN: "CONFLICT",
  INVALID_CREDENTIALS: "UNAUTHORIZED",
  // connectors
  INVALID_URL: "BAD_REQUEST",
  URL_NOT_ALLOWED: "BAD_REQUEST",
  TIMEOUT: "BAD_REQUEST",
  AUTH_FAILED: "BAD_REQUEST",
  INVALID_MCP_SERVER: "BAD_REQUEST",
  NO_TOOLS: "BAD_REQUEST",
  CONNECTOR_LIMIT: "CONFLICT",
  DUPLICATE_NAME: "CONFLICT",
  TEST_REQUIRED: "PRECONDITION_FAILED",
  ENCRYPTION_KEY: "INTERNAL_SERVER_ERROR",
  // system tools and agent
  TOOL_NOT_CONFIGURED: "PRECONDITION_FAILED",
  TOOL_UNAVAILABLE: "PRECONDITION_FAILED",
  MODEL_NOT_CONFIGURED: "CONFLICT",
  // outcomes of a tool call (its card and history): the tool reported an error, threw, or
  // was stopped by the user
  TOOL_ERROR: "BAD_GATEWAY",
  TOOL_FAILED: "BAD_GATEWAY",
  CANCELLED: "CLIENT_CLOSED_REQUEST",
  // a server's question to the user that was already answered, cancelled or timed out
  ELICITATION_CLOSED: "CONFLICT",
  // a server needed the user to complete a step in their browser, and it was not completed
  ELICITATION_INCOMPLETE: "PRECONDITION_FAILED",
  // approvals: a call waiting for the user, one the user declined (or let expire), a
  // decision for arguments other than the stored ones, a tool whose definition changed
  APPROVAL_PENDING: "PRECONDITION_FAILED",
  DECLINED: "FORBIDDEN",
  APPROVAL_MISMATCH: "CONFLICT",
  TOOL_CHANGED: "CONFLICT",
  // OAuth connectors
  OAUTH_DISCOVERY_FAILED: "BAD_REQUEST",
  OAUTH_FAILED: "BAD_REQUEST",
  OAUTH_REAUTH_REQUIRED: "PRECONDITION_FAILED",
  // databases (connection tests, schema tools, queries)
  NOT_POSTGRES: "BAD_REQUEST",
  NO_TABLES: "BAD_REQUEST",
  CONNECT_FAILED: "BAD_REQUEST",
  READ_ONLY: "BAD_REQUEST",
  QUERY_FAILED: "BAD_REQUEST",
  DATABASE_LIMIT: "CONFLICT",
} as const;

export type AppErrorCode = keyof typeof ERROR_CODES;
export type TrpcCode = (typeof ERROR_CODES)[AppErrorCode];

export function isAppErrorCode(code: unknown): code is AppErrorCode {
  return typeof code === "string" && Object.hasOwn(ERROR_CODES, code);
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** Extra facts safe to show the user (never secrets). */
  readonly details?: Record<string, unknown>;

  constructor(code: AppErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.details = options?.details;
  }
}

export const GENERIC_ERROR_MESSAGE = "Something went wrong on our side.";
