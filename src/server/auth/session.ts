import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import { appUrl } from "@/env";
import { authOptions } from "@/server/auth/options";
import { sessionVersionOf } from "@/server/db/users";
import { secrets } from "@/server/platform/secrets";

export type SessionUser = { id: string; email: string | null; name: string | null };

/** The signed-in user of the current request (server components, which have no Request). */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions());
  const u = session?.user;
  if (!u?.id || !(await sessionIsCurrent(u.id, session?.sv))) return null;
  return { id: u.id, email: u.email ?? null, name: u.name ?? null };
}

/**
 * A session is current while it carries the account's session version: a password change
 * or "sign out everywhere" raises the version and ends every session issued before.
 * Tokens from before versions existed carry none and count as version 0.
 */
export async function sessionIsCurrent(userId: string, carried: unknown): Promise<boolean> {
  const version = await sessionVersionOf(userId);
  return version !== null && version === (typeof carried === "number" ? carried : 0);
}

function cookiesOf(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // a malformed value is no session
    }
  }
  return out;
}

/**
 * The signed-in user of a route handler's request, read from its session cookie: the same
 * signed token next-auth issues, checked with the same secret.
 */
export async function requestUser(req: Request): Promise<SessionUser | null> {
  // Only the cookie: next-auth would also take the token from an Authorization header.
  const token = await getToken({
    req: { cookies: cookiesOf(req), headers: {} } as unknown as Parameters<typeof getToken>[0]["req"],
    secret: secrets().authSecret,
    secureCookie: appUrl().startsWith("https://"),
  });
  if (!token?.sub || !(await sessionIsCurrent(token.sub, token.sv))) return null;
  return {
    id: token.sub,
    email: typeof token.email === "string" ? token.email : null,
    name: typeof token.name === "string" ? token.name : null,
  };
}
