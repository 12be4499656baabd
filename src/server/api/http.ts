// The tRPC HTTP endpoint, kept out of src/app so the route file stays one line.
import { appRouter } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import { requestUser } from "@/server/auth/session";
import { prepareDatabase } from "@/server/db/client";
import { clientAddress } from "@/server/platform/client-address";
import { newRequestId } from "@/server/platform/log";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

export async function handleTrpc(req: Request): Promise<Response> {
  const requestId = req.headers.get("x-request-id")?.slice(0, 64) || newRequestId();
  await prepareDatabase();
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () =>
      createContext({ user: await requestUser(req), requestId, ip: clientAddress(req.headers) }),
  });
  res.headers.set("x-request-id", requestId);
  return res;
}
