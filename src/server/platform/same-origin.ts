// The one guard of state-changing routes outside next-auth: a JSON body sent by the app's
// own pages. A cross-site form or `fetch(…, { mode: "no-cors" })` can only send text/plain,
// form or multipart bodies, and the browser names the page's origin in `Origin` (or says
// `Sec-Fetch-Site: same-origin`), which another site cannot forge. SameSite=Lax cookies still
// travel from sibling subdomains and other apps on the same host, so they are no defence.
import { appUrl } from "@/env";

function refusal(status: number, code: "VALIDATION" | "FORBIDDEN", message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

/**
 * The app's public origin, or the origin of the host the browser addressed (the app opened
 * as http://127.0.0.1:3000 while NEXTAUTH_URL says localhost): a browser will not let a
 * page of another site claim either.
 */
function isAppOrigin(origin: string, host: string | null): boolean {
  if (origin === new URL(appUrl()).origin) return true;
  try {
    return host !== null && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Why this request may not change anything, as the answer to send; undefined when it may. */
export function crossSiteRefusal(req: Request): Response | undefined {
  const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") return refusal(415, "VALIDATION", "Send the request as application/json.");
  const origin = req.headers.get("origin");
  const sameOrigin =
    origin !== null
      ? isAppOrigin(origin, req.headers.get("host"))
      : req.headers.get("sec-fetch-site") === "same-origin";
  if (!sameOrigin) return refusal(403, "FORBIDDEN", "Requests from other sites are refused.");
  return undefined;
}

/** A POST handler that runs only for same-origin JSON requests. */
export function sameOriginJson<Rest extends unknown[]>(
  handle: (req: Request, ...rest: Rest) => Promise<Response>,
): (req: Request, ...rest: Rest) => Promise<Response> {
  return async (req, ...rest) => crossSiteRefusal(req) ?? handle(req, ...rest);
}
