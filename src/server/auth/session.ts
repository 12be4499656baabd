import { authOptions } from "@/server/auth/options";
import { getServerSession } from "next-auth";

export type SessionUser = { id: string; email: string | null; name: string | null };

/** The signed-in user of the current request (server components, route handlers). */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions());
  const u = session?.user;
  if (!u?.id) return null;
  return { id: u.id, email: u.email ?? null, name: u.name ?? null };
}
