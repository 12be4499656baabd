// The route handlers outside tRPC, called as Next calls them (the files under src/app):
// who may use them, what they answer and in which shape, with a real session cookie.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as chat } from "@/app/api/agent/chat/route";
import { GET as connectorCallback } from "@/app/api/connectors/oauth/callback/route";
import { GET as exportedResult } from "@/app/api/export/results/[id]/route";
import { GET as exportHistory } from "@/app/api/export/route";
import { GET as gmailCallback } from "@/app/api/tools/gmail/callback/route";
import { GET as trpcGet } from "@/app/api/trpc/[trpc]/route";
import { GET as clientMetadata } from "@/app/oauth/client-metadata.json/route";
import { resetEnvForTests } from "@/env";
import { middleware } from "@/middleware";
import { recordToolCall } from "@/server/db/tool-calls";
import { exportTools } from "@/server/tools/export";
import { useTestDatabase } from "../support/db";
import { startFakeGoogle, type FakeGoogle } from "../support/fake-google";
import { appRequest, sessionCookie } from "../support/session";
import { signedInCaller } from "../support/trpc";

useTestDatabase();
let google: FakeGoogle;
const saved = { ...process.env };

beforeAll(async () => {
  google = await startFakeGoogle();
  Object.assign(process.env, google.env);
  delete process.env.OPENAI_BASE_URL;
  delete process.env.OPENAI_API_KEY;
  resetEnvForTests();
});
afterAll(async () => {
  process.env = { ...saved };
  resetEnvForTests();
  await google.close();
});

async function signedIn() {
  const session = await signedInCaller();
  return { ...session, cookie: await sessionCookie(session.user) };
}

describe("sessions in route handlers", () => {
  it("are read from the session cookie only, and a forged cookie is no session", async () => {
    const { cookie, user } = await signedIn();
    const me = await trpcGet(appRequest("/api/trpc/account.me", { cookie }));
    expect(me.status).toBe(200);
    expect(JSON.stringify(await me.json())).toContain(user.email);

    const forged = cookie.replace(/.{8}$/, "AAAAAAAA");
    expect((await trpcGet(appRequest("/api/trpc/account.me", { cookie: forged }))).status).toBe(401);
    const bearer = cookie.split("=")[1]!;
    const viaHeader = appRequest("/api/trpc/account.me", { headers: { authorization: `Bearer ${bearer}` } });
    expect((await trpcGet(viaHeader)).status).toBe(401);
  });

  it("the middleware sends signed-out visitors of the dashboard to sign-in and back", async () => {
    const out = await middleware(new NextRequest("http://localhost:3000/dashboard/analytics?period=7d"));
    expect(out.status).toBe(307);
    const location = new URL(out.headers.get("location")!);
    expect(location.pathname).toBe("/signin");
    expect(location.searchParams.get("callbackUrl")).toBe("/dashboard/analytics?period=7d");

    const { cookie } = await signedIn();
    const through = await middleware(new NextRequest("http://localhost:3000/dashboard", { headers: { cookie } }));
    expect(through.headers.get("location")).toBeNull();
    expect(through.headers.get("x-middleware-next")).toBe("1");
  });
});

describe("POST /api/agent/chat", () => {
  it("answers errors as JSON with the same code and status as tRPC", async () => {
    const post = (body: string, cookie?: string) =>
      chat(
        appRequest("/api/agent/chat", {
          method: "POST",
          body,
          cookie,
          headers: { "content-type": "application/json" },
        }),
      );
    const anonymous = await post("{}");
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: { code: "UNAUTHENTICATED", message: "Sign in to continue." } });

    const { cookie } = await signedIn();
    const notJson = await post("{nope", cookie);
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe("VALIDATION");

    const body = { id: "c1", messages: [{ id: "m1", role: "user", parts: [{ type: "text", text: "hi" }] }] };
    const noModel = await post(JSON.stringify(body), cookie);
    expect(noModel.status).toBe(409);
    expect(((await noModel.json()) as { error: { code: string } }).error.code).toBe("MODEL_NOT_CONFIGURED");
  });
});

describe("downloads", () => {
  it("stream the user's own history and refuse the signed-out", async () => {
    expect((await exportHistory(appRequest("/api/export"))).status).toBe(401);
    const { cookie, user } = await signedIn();
    await recordToolCall({ userId: user.id, toolName: "=cmd()", durationMs: 5, ok: true, arguments: { q: 1 } });
    const bad = await exportHistory(appRequest("/api/export?kind=secrets", { cookie }));
    expect(bad.status).toBe(400);

    const csv = await exportHistory(appRequest("/api/export?kind=tool_calls&format=csv", { cookie }));
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toMatch(
      /^attachment; filename="tool-calls-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(csv.headers.get("x-content-type-options")).toBe("nosniff");
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toContain("toolName");
    expect(text).toContain("'=cmd()");
  });

  it("give an exported result to its owner only, as JSON or CSV", async () => {
    const owner = await signedIn();
    const other = await signedIn();
    const out = await exportTools[0]!.run(
      { userId: owner.user.id },
      { title: "Q3 / numbers", data: [{ a: 1, b: "x" }] },
    );
    const { id } = out.structured as { id: string };
    const params = { params: Promise.resolve({ id }) };

    expect((await exportedResult(appRequest(`/api/export/results/${id}`), params)).status).toBe(401);
    expect(
      (await exportedResult(appRequest(`/api/export/results/${id}`, { cookie: other.cookie }), params)).status,
    ).toBe(404);
    const json = await exportedResult(appRequest(`/api/export/results/${id}`, { cookie: owner.cookie }), params);
    expect(json.headers.get("content-disposition")).toBe('attachment; filename="Q3-numbers.json"');
    expect(await json.json()).toEqual([{ a: 1, b: "x" }]);
    const csv = await exportedResult(
      appRequest(`/api/export/results/${id}?format=csv`, { cookie: owner.cookie }),
      params,
    );
    expect(await csv.text()).toBe("a,b\r\n1,x\r\n");
  });
});

describe("OAuth popup pages", () => {
  it("Gmail: connects through the callback and tells the opener, naming Gmail", async () => {
    const { caller, cookie } = await signedIn();
    const started = await caller.tools.connect({ toolId: "gmail" });
    if (started.state !== "authorize") throw new Error("expected an authorization URL");
    const consent = await fetch(started.authorizeUrl, { redirect: "manual" });
    const back = new URL(consent.headers.get("location")!);

    const signedOut = await gmailCallback(appRequest(`${back.pathname}${back.search}`));
    expect(signedOut.status).toBe(400);
    expect(await signedOut.text()).toContain("Sign in to Connectors first");

    const page = await gmailCallback(appRequest(`${back.pathname}${back.search}`, { cookie }));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<title>Gmail</title>");
    expect(html).toContain("Gmail connected as me@gmail.test.");
    expect(html).toContain('"type":"connectors:oauth"');
    expect(page.headers.get("cache-control")).toBe("no-store");

    const replay = await gmailCallback(appRequest(`${back.pathname}${back.search}`, { cookie }));
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("expired or was already used");
  });

  it("connectors: an answer to no sign-in of this user is refused on a page that says so", async () => {
    const signedOut = await connectorCallback(appRequest("/api/connectors/oauth/callback?state=x&code=y"));
    expect(signedOut.status).toBe(400);
    const text = await signedOut.text();
    expect(text).toContain("Your Connectors session ended");
    expect(text).toContain('href="/dashboard"');

    const { cookie } = await signedIn();
    const unknown = await connectorCallback(appRequest("/api/connectors/oauth/callback?state=x&code=y", { cookie }));
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("does not match a sign-in you started");
  });

  it("serves this app's client metadata document", async () => {
    const doc = (await clientMetadata().json()) as { client_id: string; redirect_uris: string[] };
    expect(doc.client_id).toBe("http://localhost:3000/oauth/client-metadata.json");
    expect(doc.redirect_uris).toEqual(["http://localhost:3000/api/connectors/oauth/callback"]);
  });
});
