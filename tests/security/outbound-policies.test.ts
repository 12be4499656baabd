// Two outbound policies: OUTBOUND_ALLOW opens addresses to users' connectors and
// databases; OUTBOUND_ADMIN_ALLOW opens them to URLs only an administrator configures
// (alert webhook, Google endpoints). Opening one must not open the other. And a request
// with a body is never re-sent to another origin by a 307/308.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import { sendAlertWebhook, type AlertPayload } from "@/server/connectors/health";
import { validateMcpConnection } from "@/server/connectors/validator";
import { databaseAddressCheck } from "@/server/databases/service/connection";
import { adminPolicy, createSafeFetch, parseOutboundAllow } from "@/server/platform/outbound";
import { toolFetch } from "@/server/tools/http";
import { makeTools, startMcpServer, type TestServer } from "../support/mcp-servers";
import { count } from "./report";

type Seen = { method: string; path: string; body: string; headers: IncomingMessage["headers"] };
const seen: Seen[] = [];
let internal: Server;
let internalUrl = "";
let redirector: Server;
let redirectorUrl = "";
let mcp: TestServer;
const saved = { ...process.env };

async function listen(s: Server): Promise<string> {
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  internal = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", path: req.url ?? "", body, headers: req.headers });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  internalUrl = await listen(internal);
  redirector = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const status = Number(url.searchParams.get("status") ?? 307);
    const to = url.pathname === "/same" ? "/landed" : `${internalUrl}/landed`;
    if (url.pathname === "/landed") return void res.end("same-origin landing");
    res.writeHead(status, { location: to }).end();
  });
  redirectorUrl = await listen(redirector);
  mcp = await startMcpServer({ tools: makeTools(1) });
});
afterAll(async () => {
  internal.close();
  redirector.close();
  await mcp.close();
});
afterEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
});

function configure(vars: Record<string, string>) {
  Object.assign(process.env, vars);
  resetEnvForTests();
}

const alert: AlertPayload = {
  type: "connector.failing",
  connector: { id: "c1", name: "Flaky" },
  userId: "u1",
  code: "TIMEOUT",
  failures: 3,
  at: new Date(0).toISOString(),
};

describe("OUTBOUND_ADMIN_ALLOW opens internal addresses to administrator URLs only", () => {
  it("lets the alert webhook and the Google endpoints reach it", async () => {
    configure({ OUTBOUND_ALLOW: "", OUTBOUND_ADMIN_ALLOW: "127.0.0.1", ALERT_WEBHOOK_URL: `${internalUrl}/hook` });
    const before = seen.length;
    await sendAlertWebhook(alert);
    expect(seen.slice(before).map((s) => s.path)).toEqual(["/hook"]);
    const res = await toolFetch(`${internalUrl}/gmail/v1/users/me/profile`);
    expect(res.status).toBe(200);
  });

  it("does not open it to users' connectors or databases", async () => {
    configure({ OUTBOUND_ALLOW: "", OUTBOUND_ADMIN_ALLOW: "127.0.0.1" });
    count("probes");
    const result = await validateMcpConnection({ url: mcp.url, auth: { type: "none" }, timeoutMs: 3000 });
    expect(result).toMatchObject({ ok: false, code: "URL_NOT_ALLOWED" });
    count("refused");
    count("probes");
    await expect(databaseAddressCheck()("127.0.0.1", ["127.0.0.1"])).rejects.toMatchObject({
      code: "URL_NOT_ALLOWED",
    });
    count("refused");
  });

  it("OUTBOUND_ALLOW alone opens it to users' connectors, not to administrator URLs", async () => {
    configure({ OUTBOUND_ALLOW: "127.0.0.1", OUTBOUND_ADMIN_ALLOW: "", ALERT_WEBHOOK_URL: `${internalUrl}/hook` });
    const result = await validateMcpConnection({ url: mcp.url, auth: { type: "none" }, timeoutMs: 3000 });
    expect(result).toMatchObject({ ok: true });
    const before = seen.length;
    count("probes");
    await sendAlertWebhook(alert);
    expect(seen.length).toBe(before);
    await expect(toolFetch(`${internalUrl}/token`, { method: "POST", body: "x" })).rejects.toMatchObject({
      code: "URL_NOT_ALLOWED",
    });
    count("refused");
    expect(adminPolicy().ranges).toEqual([]);
  });
});

describe("redirects that would re-send a body", () => {
  const policy = parseOutboundAllow("127.0.0.1");

  it.each([307, 308])("a cross-origin %i is not followed with the body or the credentials", async (status) => {
    const fetch = createSafeFetch({ policy, sensitiveHeaders: ["x-api-key"] });
    const before = seen.length;
    count("probes");
    await expect(
      fetch(`${redirectorUrl}/cross?status=${status}`, {
        method: "POST",
        body: JSON.stringify({ secret: "form-data" }),
        headers: { "content-type": "application/json", "x-api-key": "k-1", authorization: "Bearer t" },
      }),
    ).rejects.toMatchObject({ code: "URL_NOT_ALLOWED", message: expect.stringMatching(/another origin/) as unknown });
    expect(seen.slice(before)).toEqual([]);
    count("refused");
  });

  it("a same-origin 307 keeps the body, and a cross-origin 307 of a GET is followed without credentials", async () => {
    const fetch = createSafeFetch({ policy, sensitiveHeaders: ["x-api-key"] });
    const same = await fetch(`${redirectorUrl}/same?status=307`, { method: "POST", body: "{}" });
    expect(await same.text()).toBe("same-origin landing");
    const before = seen.length;
    const cross = await fetch(`${redirectorUrl}/cross?status=307`, { headers: { "x-api-key": "k-1" } });
    expect(cross.status).toBe(200);
    expect(seen.slice(before)).toMatchObject([{ method: "GET", path: "/landed" }]);
    expect(seen.at(-1)?.headers["x-api-key"]).toBeUndefined();
  });
});
