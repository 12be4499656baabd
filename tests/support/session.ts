// A session cookie as the browser would send it: the token next-auth signs at sign-in,
// signed with the app's secret, for requests to route handlers.
import { encode } from "next-auth/jwt";
import { secrets } from "@/server/platform/secrets";

export async function sessionCookie(user: { id: string; email?: string | null }): Promise<string> {
  const token = await encode({ token: { sub: user.id, email: user.email ?? null }, secret: secrets().authSecret });
  return `next-auth.session-token=${token}`;
}

/** A request to the app with (or without) that cookie; posts carry the page's Origin, as browsers send it. */
export function appRequest(path: string, init: RequestInit & { cookie?: string } = {}): Request {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("cookie", init.cookie);
  if (init.method && init.method !== "GET" && !headers.has("origin")) headers.set("origin", "http://localhost:3000");
  return new Request(new URL(path, "http://localhost:3000"), { ...init, headers });
}
