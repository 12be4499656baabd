// The browser's network and navigation, scripted: a fetch that answers from routes the test
// gives, and a location that records where the page was sent instead of leaving it.
import { vi } from "vitest";

export type FetchCall = { method: string; url: URL; body: string };
type Route = (call: FetchCall) => Response | Promise<Response>;

const scripted = new Set<{ unhandled: string[] }>();

/**
 * Replaces `fetch` for the test. Routes are keyed "METHOD /path"; a request nobody
 * scripted answers 404 and fails the test when it ends.
 */
export function scriptFetch(routes: Record<string, Route>) {
  const calls: FetchCall[] = [];
  const state = { unhandled: [] as string[] };
  scripted.add(state);
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(
      new URL(input instanceof Request ? input.url : String(input), window.location.href),
      init,
    );
    const call: FetchCall = { method: request.method, url: new URL(request.url), body: await request.text() };
    calls.push(call);
    const key = `${call.method} ${call.url.pathname}`;
    const route = routes[key];
    if (!route) {
      state.unhandled.push(key);
      return Response.json({ error: `No fake answer for ${key}` }, { status: 404 });
    }
    return route(call);
  });
  vi.stubGlobal("fetch", fetch);
  return {
    calls,
    /** The form fields of the requests to `path`. */
    formsSentTo(path: string): Record<string, string>[] {
      return calls.filter((c) => c.url.pathname === path).map((c) => Object.fromEntries(new URLSearchParams(c.body)));
    },
  };
}

/** Throws when a scripted fetch of the test answered a request nobody scripted. */
export function closeScriptedFetches() {
  const missing = [...scripted].flatMap((s) => s.unhandled);
  scripted.clear();
  if (missing.length > 0) throw new Error(`Unscripted requests were made: ${[...new Set(missing)].join(", ")}`);
}

/** Records where the page is sent (`location.assign` or `location.href = …`) and stays put. */
export function interceptNavigation() {
  const visited: string[] = [];
  vi.spyOn(window.location, "assign").mockImplementation((url: string | URL) => void visited.push(String(url)));
  vi.spyOn(window.location, "href", "set").mockImplementation((url: string) => void visited.push(url));
  return visited;
}

/** next-auth's endpoints (under /api/auth) as the app's server answers them. */
export function nextAuthRoutes(opts: {
  providers?: ("github" | "google")[];
  /** The credentials callback: an error code for a refused sign-in, null for success. */
  signInError?: () => string | null;
}): Record<string, Route> {
  const base = window.location.origin;
  const provider = (id: string, type: string) => ({
    id,
    name: id,
    type,
    signinUrl: `${base}/api/auth/signin/${id}`,
    callbackUrl: `${base}/api/auth/callback/${id}`,
  });
  return {
    "GET /api/auth/providers": () =>
      Response.json({
        credentials: provider("credentials", "credentials"),
        ...Object.fromEntries((opts.providers ?? []).map((p) => [p, provider(p, "oauth")])),
      }),
    "GET /api/auth/csrf": () => Response.json({ csrfToken: "csrf-token" }),
    "GET /api/auth/session": () => Response.json({ user: { email: "ann@example.com" } }),
    "POST /api/auth/callback/credentials": (call) => {
      const error = opts.signInError?.() ?? null;
      const callbackUrl = new URLSearchParams(call.body).get("callbackUrl") ?? base;
      // next-auth's server answers absolute URLs (its redirect callback resolves relative ones).
      return error === null
        ? Response.json({ url: new URL(callbackUrl, base).href })
        : Response.json({ url: `${base}/api/auth/error?error=${encodeURIComponent(error)}` }, { status: 401 });
    },
    ...Object.fromEntries(
      (opts.providers ?? []).map((p) => [
        `POST /api/auth/signin/${p}`,
        () => Response.json({ url: `https://${p}.example.com/authorize?client_id=app` }),
      ]),
    ),
  };
}
