// tRPC setup: context, error shape, and the two procedure kinds routers may use.
import { AppError, ERROR_CODES, GENERIC_ERROR_MESSAGE, type AppErrorCode } from "@/lib/errors";
import type { SessionUser } from "@/server/auth/session";
import { logger, newRequestId, setContextUser, withRequestContext } from "@/server/platform/log";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";

export type Context = { user: SessionUser | null; requestId: string; ip?: string };

/** Documentation of a procedure, used by the API reference (src/server/api/reference.ts). */
export type ProcedureMeta = { summary: string; errors?: AppErrorCode[] };

export function createContext(opts: { user: SessionUser | null; requestId?: string; ip?: string }): Context {
  return { user: opts.user, requestId: opts.requestId ?? newRequestId(), ip: opts.ip };
}

/** The code the browser sees: the domain code, or one derived from the tRPC code. */
function appCodeOf(error: TRPCError): AppErrorCode {
  if (error.cause instanceof AppError) return error.cause.code;
  switch (error.code) {
    case "BAD_REQUEST":
    case "PARSE_ERROR":
      return "VALIDATION";
    case "UNAUTHORIZED":
      return "UNAUTHENTICATED";
    case "NOT_FOUND":
      return "NOT_FOUND";
    case "FORBIDDEN":
      return "FORBIDDEN";
    case "TOO_MANY_REQUESTS":
      return "RATE_LIMITED";
    default:
      return "INTERNAL";
  }
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error, ctx }) {
      const appCode = appCodeOf(error);
      const zodIssues = error.cause instanceof z.ZodError ? error.cause.issues : undefined;
      const internal = appCode === "INTERNAL";
      return {
        ...shape,
        message: internal
          ? `${GENERIC_ERROR_MESSAGE} Reference: ${ctx?.requestId ?? "unknown"}`
          : zodIssues
            ? (zodIssues[0]?.message ?? "Invalid input")
            : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          appCode,
          requestId: ctx?.requestId,
          details: error.cause instanceof AppError ? error.cause.details : undefined,
          fieldErrors: zodIssues?.map((i) => ({ path: i.path.map(String), message: i.message })),
        },
      };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** A domain error as the tRPC error the client receives. */
export function domainError(cause: AppError): TRPCError {
  return new TRPCError({ code: ERROR_CODES[cause.code], message: cause.message, cause });
}

// Runs every procedure inside a request context (request id on every log line) and
// turns domain errors into tRPC errors with the right HTTP status. Resolver errors come
// back as a result, not an exception, so we inspect the result.
const requestScope = t.middleware(async ({ ctx, next, path, type }) =>
  withRequestContext({ requestId: ctx.requestId, userId: ctx.user?.id }, async () => {
    const started = performance.now();
    const result = await next();
    if (!result.ok) {
      const err = result.error;
      const cause = err.cause;
      if (cause instanceof AppError) throw domainError(cause);
      if (err.code === "INTERNAL_SERVER_ERROR") {
        logger().error({ event: "trpc.error", path, type, err: cause ?? err }, "procedure failed");
      }
    }
    logger().debug({ event: "trpc.call", path, type, ok: result.ok, ms: Math.round(performance.now() - started) });
    return result;
  }),
);

export const publicProcedure = t.procedure.use(requestScope);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  setContextUser(ctx.user.id);
  return next({ ctx: { ...ctx, user: ctx.user } });
});
