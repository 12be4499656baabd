// Errors of the routes outside tRPC (chat, OAuth callbacks, downloads): the same codes
// and HTTP statuses tRPC gives the same AppError, as `{ error: { code, message } }`.
// Anything that is not an AppError is logged and shown as a generic message.
import { AppError, ERROR_CODES, GENERIC_ERROR_MESSAGE, type AppErrorCode } from "@/lib/errors";
import { currentRequestId, logger } from "@/server/platform/log";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";

export function httpStatusOf(code: AppErrorCode): number {
  return getHTTPStatusCodeFromError(new TRPCError({ code: ERROR_CODES[code] }));
}

export function errorJson(code: AppErrorCode, message: string): Response {
  return Response.json({ error: { code, message } }, { status: httpStatusOf(code) });
}

/** An AppError as its JSON answer; anything else as a logged internal error. */
export function errorResponse(err: unknown, event: string): Response {
  if (err instanceof AppError) return errorJson(err.code, err.message);
  logger().error({ event, err }, "request failed");
  return errorJson("INTERNAL", `${GENERIC_ERROR_MESSAGE} Reference: ${currentRequestId() ?? "unknown"}`);
}
