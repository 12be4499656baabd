// What every route outside tRPC does first: ready the database, find the signed-in user,
// and run the rest inside a request context (request id and user on every log line).
import type { SessionUser } from "@/server/auth/session";
import { requestUser } from "@/server/auth/session";
import { prepareDatabase } from "@/server/db/client";
import { newRequestId, withRequestContext } from "@/server/platform/log";

export async function withSignedInUser(
  req: Request,
  signedOut: () => Response,
  handle: (user: SessionUser) => Response | Promise<Response>,
): Promise<Response> {
  await prepareDatabase();
  const user = await requestUser(req);
  if (!user) return signedOut();
  return withRequestContext({ requestId: newRequestId(), userId: user.id }, () => handle(user));
}
