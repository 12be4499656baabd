import { AppError } from "@/lib/errors";

/**
 * The domain error a call failed with: thrown as is (services, streamed procedures) or as
 * the cause of a tRPC error. Fails the test when the call succeeds or fails otherwise.
 */
export async function errorOf(p: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (err) {
    if (err instanceof AppError) return err;
    const cause = (err as { cause?: unknown }).cause;
    if (cause instanceof AppError) return cause;
    throw err;
  }
  throw new Error("expected a failure");
}
