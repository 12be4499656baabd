// Finding: a text/plain POST to /api/agent/chat from another origin, carrying the victim's
// cookie, ran a chat turn. Every route under src/app that accepts a state-changing method
// must refuse cross-site and non-JSON requests; this walks the route files, so a new route
// cannot be missed.
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import { useTestDatabase } from "../support/db";
import { sessionCookie } from "../support/session";
import { signedInCaller } from "../support/trpc";
import { count } from "./report";

useTestDatabase();

const APP = path.join(import.meta.dirname, "../../src/app");
const METHODS = ["POST", "PUT", "PATCH", "DELETE"] as const;
// next-auth's endpoints check their own CSRF token (double-submit cookie) on every POST.
const OWN_CSRF = new Set(["api/auth/[...nextauth]/route.ts"]);

type Handler = (req: Request, ctx: unknown) => Promise<Response>;

const routeFiles = readdirSync(APP, { recursive: true, encoding: "utf8" })
  .map((f) => f.split(path.sep).join("/"))
  .filter((f) => /(^|\/)route\.ts$/.test(f));

async function stateChangingHandlers(): Promise<{ route: string; method: string; handle: Handler }[]> {
  const found: { route: string; method: string; handle: Handler }[] = [];
  for (const file of routeFiles) {
    if (OWN_CSRF.has(file)) continue;
    const mod = (await import(path.join(APP, file))) as Record<string, unknown>;
    for (const method of METHODS) {
      const handle = mod[method];
      if (typeof handle === "function") found.push({ route: file, method, handle: handle as Handler });
    }
  }
  return found;
}

let cookie: string;
const saved = { ...process.env };

beforeAll(async () => {
  delete process.env.NEXTAUTH_URL;
  process.env.PORT = "3000";
  resetEnvForTests();
  cookie = await sessionCookie((await signedInCaller()).user);
});
afterAll(() => {
  process.env = { ...saved };
  resetEnvForTests();
});

const attacks: { name: string; headers: Record<string, string>; status: number }[] = [
  {
    name: "text/plain from another site",
    headers: { "content-type": "text/plain", origin: "https://evil.example" },
    status: 415,
  },
  {
    name: "text/plain from the app itself",
    headers: { "content-type": "text/plain", origin: "http://localhost:3000" },
    status: 415,
  },
  {
    name: "a form post",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost:3000" },
    status: 415,
  },
  {
    name: "JSON from another site",
    headers: { "content-type": "application/json", origin: "https://evil.example" },
    status: 403,
  },
  {
    name: "JSON from a sibling port",
    headers: { "content-type": "application/json", origin: "http://localhost:3001" },
    status: 403,
  },
  {
    name: "JSON from another site that names the app's host",
    headers: { "content-type": "application/json", origin: "https://evil.example", host: "localhost:3000" },
    status: 403,
  },
  { name: "JSON from an opaque origin", headers: { "content-type": "application/json", origin: "null" }, status: 403 },
  {
    name: "JSON with no origin, cross-site fetch metadata",
    headers: { "content-type": "application/json", "sec-fetch-site": "same-site" },
    status: 403,
  },
  { name: "JSON with no origin at all", headers: { "content-type": "application/json" }, status: 403 },
];

describe("state-changing routes outside next-auth", () => {
  it("are found (chat and tRPC at least)", async () => {
    const routes = (await stateChangingHandlers()).map((h) => `${h.method} ${h.route}`);
    expect(routes).toEqual(expect.arrayContaining(["POST api/agent/chat/route.ts", "POST api/trpc/[trpc]/route.ts"]));
  });

  it("refuse cross-site and non-JSON requests before doing anything", async () => {
    for (const { route, method, handle } of await stateChangingHandlers()) {
      for (const attack of attacks) {
        count("probes");
        const req = new Request("http://localhost:3000/api/x", {
          method,
          headers: { ...attack.headers, cookie },
          body: JSON.stringify({
            id: "c1",
            messages: [{ id: "m1", role: "user", parts: [{ type: "text", text: "hi" }] }],
          }),
        });
        const res = await handle(req, { params: Promise.resolve({}) });
        expect(res.status, `${method} ${route}: ${attack.name}`).toBe(attack.status);
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error.message).toMatch(/application\/json|other sites/);
        count("refused");
      }
    }
  });

  it("let the app's own JSON requests through (Origin, or same-origin fetch metadata)", async () => {
    const { POST } = await import("@/app/api/trpc/[trpc]/route");
    const sameOrigin: Record<string, string>[] = [
      { origin: "http://localhost:3000" },
      { "sec-fetch-site": "same-origin" },
      // The app opened under another name than NEXTAUTH_URL's: the browser names the host it addressed.
      { origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" },
    ];
    for (const headers of sameOrigin) {
      const res = await POST(
        new Request("http://localhost:3000/api/trpc/account.signUp", {
          method: "POST",
          headers: { "content-type": "application/json; charset=utf-8", ...headers },
          body: JSON.stringify({
            json: { email: `ok-${Math.random()}@example.com`, password: "a long enough password" },
          }),
        }),
      );
      expect(res.status).toBe(200);
    }
  });
});
