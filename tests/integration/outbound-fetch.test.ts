// The guarded fetch against real local servers: redirects, header stripping, size caps.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSafeFetch, parseOutboundAllow } from "@/server/platform/outbound";

type Seen = { path: string; headers: IncomingMessage["headers"] };
let target: Server;
let origin: Server;
let targetUrl = "";
let originUrl = "";
const seenByTarget: Seen[] = [];
const seenByOrigin: Seen[] = [];

async function listen(s: Server): Promise<string> {
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  target = createServer((req, res) => {
    seenByTarget.push({ path: req.url ?? "", headers: req.headers });
    res.end("target");
  });
  targetUrl = await listen(target);
  origin = createServer((req, res) => {
    seenByOrigin.push({ path: req.url ?? "", headers: req.headers });
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/same") return void res.writeHead(302, { location: "/final" }).end();
    if (url.pathname === "/cross") return void res.writeHead(307, { location: `${targetUrl}/landing` }).end();
    if (url.pathname === "/private") return void res.writeHead(302, { location: "http://10.0.0.5/" }).end();
    if (url.pathname === "/loop") return void res.writeHead(302, { location: "/loop" }).end();
    if (url.pathname === "/big") return void res.end(Buffer.alloc(64 * 1024, 97));
    res.end("origin");
  });
  originUrl = await listen(origin);
});
afterAll(() => {
  target.close();
  origin.close();
});

const policy = parseOutboundAllow("127.0.0.1");
const userHeaders = { authorization: "Bearer secret-token", "x-api-key": "k-1", "x-trace": "keep" };

describe("guarded fetch", () => {
  it("follows a same-origin redirect with the user's headers", async () => {
    const fetch = createSafeFetch({ policy, sensitiveHeaders: ["x-api-key"] });
    const res = await fetch(`${originUrl}/same`, { headers: userHeaders });
    expect(await res.text()).toBe("origin");
    expect(seenByOrigin.at(-1)).toMatchObject({
      path: "/final",
      headers: { authorization: "Bearer secret-token", "x-api-key": "k-1" },
    });
  });

  it("drops credentials and the user's headers on a redirect to another origin", async () => {
    const fetch = createSafeFetch({ policy, sensitiveHeaders: ["x-api-key"] });
    const res = await fetch(`${originUrl}/cross`, { headers: userHeaders });
    expect(await res.text()).toBe("target");
    const landed = seenByTarget.at(-1)!;
    expect(landed.path).toBe("/landing");
    expect(landed.headers.authorization).toBeUndefined();
    expect(landed.headers["x-api-key"]).toBeUndefined();
    expect(landed.headers["x-trace"]).toBe("keep");
  });

  it("refuses a redirect to a private address without connecting to it", async () => {
    const fetch = createSafeFetch({ policy });
    await expect(fetch(`${originUrl}/private`)).rejects.toThrow(/10\.0\.0\.5 is a private address/);
  });

  it("reports a refused redirect even when the caller follows redirects itself", async () => {
    const fetch = createSafeFetch({ policy });
    await expect(fetch(`${originUrl}/private`, { redirect: "manual" })).rejects.toThrow(/private address/);
    const res = await fetch(`${originUrl}/same`, { redirect: "manual" });
    expect(res.status).toBe(302);
  });

  it("stops after five redirects", async () => {
    const fetch = createSafeFetch({ policy });
    await expect(fetch(`${originUrl}/loop`)).rejects.toThrow("more than 5 redirects");
  });

  it("refuses loopback when it is not allowed, whatever the spelling", async () => {
    const fetch = createSafeFetch({ policy: parseOutboundAllow("") });
    await expect(fetch(originUrl)).rejects.toThrow(/loopback address/);
    await expect(fetch(originUrl.replace("127.0.0.1", "localhost"))).rejects.toThrow(
      /localhost resolves to .*loopback address/,
    );
  });

  it("cuts a response that exceeds the size cap", async () => {
    const fetch = createSafeFetch({ policy, maxBodyBytes: 1024 });
    const res = await fetch(`${originUrl}/big`);
    await expect(res.text()).rejects.toThrow();
  });

  it("aborts every request at the operation's deadline", async () => {
    const hang = createServer(() => undefined);
    const url = await listen(hang);
    try {
      const fetch = createSafeFetch({ policy, signal: AbortSignal.timeout(200) });
      const started = Date.now();
      await expect(fetch(url)).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      hang.closeAllConnections();
      hang.close();
    }
  });
});
