import "server-only";
import { createCaller } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import { currentUser } from "@/server/auth/session";
import { prepareDatabase } from "@/server/db/client";

/** A tRPC caller for server components, acting as the signed-in user of the request. */
export async function serverApi() {
  await prepareDatabase();
  return createCaller(createContext({ user: await currentUser() }));
}
