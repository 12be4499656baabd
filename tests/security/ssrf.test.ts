// The SSRF corpus: every way of pointing a connector at an internal address is refused
// with URL_NOT_ALLOWED before any connection to it is made, through the connection test
// and through the pooled connections chats use. The addresses aim at a port where a
// server is listening (on every local address), so a miss shows up as a request it
// received, not as a refused connection that happens to look like a refusal.
import dns from "node:dns";
import dnsPromises from "node:dns/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/env";
import { McpPool } from "@/server/connectors/pool";
import { parseOutboundAllow } from "@/server/platform/outbound";
import { validateMcpConnection } from "@/server/connectors/validator";
import { startHostileServer } from "../support/mcp-servers";
import { count } from "./report";

const none = parseOutboundAllow("");
let listener: Server;
let port = 0;
const received: string[] = [];

beforeAll(async () => {
  listener = createServer((req, res) => {
    received.push(`${req.headers.host ?? ""}${req.url ?? ""}`);
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  // "::" also accepts IPv4 (mapped), so 127.x, 0.0.0.0, localhost and [::1] all reach it.
  await new Promise<void>((r) => listener.listen(0, "::", r));
  port = (listener.address() as AddressInfo).port;
});
afterAll(() => {
  listener.closeAllConnections();
  listener.close();
});

const CORPUS = [
  "http://127.0.0.1/mcp",
  "http://127.0.0.2/mcp",
  "http://127.255.255.254/mcp",
  "http://localhost/mcp",
  "http://LOCALHOST./mcp",
  "http://0.0.0.0/mcp",
  "http://0/mcp",
  "http://10.0.0.1/mcp",
  "http://10.255.255.255/mcp",
  "http://172.16.0.1/mcp",
  "http://172.31.255.255/mcp",
  "http://192.168.0.1/mcp",
  "http://100.64.0.1/mcp",
  "http://100.127.255.255/mcp",
  "http://169.254.0.1/mcp",
  "http://169.254.169.254/latest/meta-data/",
  "http://[::1]/mcp",
  "http://[::]/mcp",
  "http://[fc00::1]/mcp",
  "http://[fd12:3456::1]/mcp",
  "http://[fe80::1]/mcp",
  "http://[::ffff:127.0.0.1]/mcp",
  "http://[::ffff:10.0.0.1]/mcp",
  "http://[::ffff:169.254.169.254]/mcp",
  "http://[::ffff:7f00:1]/mcp",
  "http://[ff02::1]/mcp",
  "http://224.0.0.251/mcp",
  "http://255.255.255.255/mcp",
  "http://2130706433/mcp",
  "http://017700000001/mcp",
  "http://0x7f000001/mcp",
  "http://0x7f.0x0.0x0.0x1/mcp",
  "http://0177.0.0.01/mcp",
  "http://127.1/mcp",
  "http://3232235521/mcp",
  "http://0xa9fea9fe/mcp",
  "http://user:pass@example.com/mcp",
  "http://admin@example.com/mcp",
  "file:///etc/passwd",
  "gopher://127.0.0.1:6379/_INFO",
  "ftp://example.com/",
  "data:text/plain,hello",
  "javascript:alert(1)",
];

const SCHEMES = new Set(["file:", "gopher:", "ftp:", "data:", "javascript:"]);
const isScheme = (url: string) => SCHEMES.has(url.slice(0, url.indexOf(":") + 1));

/** The corpus entry aimed at the listening port (its scheme cases as they are). */
const aimed = (url: string) => (isScheme(url) ? url : url.replace(/^(http:\/\/[^/]+)(\/.*)$/, `$1:${port}$2`));

/** Every address and spelling is URL_NOT_ALLOWED; only other schemes are INVALID_URL. */
const expectedCode = (url: string) => (isScheme(url) ? "INVALID_URL" : "URL_NOT_ALLOWED");

describe("SSRF corpus", () => {
  it("the listening port is reachable when the rules allow it (so refusals below are the guard's)", async () => {
    const before = received.length;
    await validateMcpConnection({
      url: `http://127.0.0.1:${port}/mcp`,
      auth: { type: "none" },
      policy: parseOutboundAllow("127.0.0.0/8"),
      timeoutMs: 2000,
    });
    expect(received.length).toBeGreaterThan(before);
  });

  it("the connection test refuses every internal target, spelling and scheme", async () => {
    received.length = 0;
    let refused = 0;
    for (const entry of CORPUS) {
      const url = aimed(entry);
      count("corpus cases");
      const result = await validateMcpConnection({ url, auth: { type: "none" }, policy: none, timeoutMs: 2000 });
      expect(result.code, `${url} got ${result.code}: ${result.message}`).toBe(expectedCode(entry));
      expect(result.steps[0]).toMatchObject({ name: "url_check", status: "failed" });
      count("refused");
      refused += 1;
    }
    expect(received).toEqual([]);
    expect(refused).toBe(CORPUS.length);
  }, 60_000);

  it("pooled connections (what chats use) refuse every one of them too", async () => {
    const saved = process.env.OUTBOUND_ALLOW;
    process.env.OUTBOUND_ALLOW = "";
    resetEnvForTests();
    const pool = new McpPool(() => 60_000);
    received.length = 0;
    try {
      for (const [i, entry] of CORPUS.entries()) {
        const url = aimed(entry);
        count("corpus cases");
        const c = { id: `c${i}`, userId: "u1", url, transport: "streamable-http", updatedAt: new Date(0) };
        const err = await pool
          .listTools(c, () => ({ type: "none" }), 2000)
          .then(
            () => null,
            (e: unknown) => e,
          );
        expect(err, `${url} through the pool`).toMatchObject({ code: "URL_NOT_ALLOWED" });
        count("refused");
      }
      expect(received).toEqual([]);
      expect(pool.size()).toBe(0);
    } finally {
      await pool.closeAll();
      process.env.OUTBOUND_ALLOW = saved;
      resetEnvForTests();
    }
  }, 60_000);

  it("refuses a redirect to the metadata address", async () => {
    const server = await startHostileServer("redirect-to-metadata");
    count("probes");
    try {
      const result = await validateMcpConnection({
        url: server.url,
        auth: { type: "none" },
        policy: parseOutboundAllow("127.0.0.1"),
        timeoutMs: 2000,
      });
      expect(result).toMatchObject({ code: "URL_NOT_ALLOWED" });
      count("refused");
    } finally {
      await server.close();
    }
  });

  it("connects only to the address it checked: a name that rebinds to loopback is refused", async () => {
    // The up-front check sees a public address; the connection's own lookup then gets loopback.
    const check = vi.spyOn(dnsPromises, "lookup").mockResolvedValue([{ address: "93.184.215.14", family: 4 }] as never);
    const connect = vi
      .spyOn(dns, "lookup")
      .mockImplementation(((
        _host: string,
        _opts: unknown,
        cb: (e: null, a: { address: string; family: number }[]) => void,
      ) => cb(null, [{ address: "127.0.0.1", family: 4 }])) as never);
    count("probes");
    received.length = 0;
    try {
      const result = await validateMcpConnection({
        url: `http://rebind.example:${port}/mcp`,
        auth: { type: "none" },
        policy: none,
        timeoutMs: 2000,
      });
      expect(result).toMatchObject({ ok: false, code: "URL_NOT_ALLOWED" });
      expect(result.message).toMatch(/rebind\.example resolves to 127\.0\.0\.1, which is a loopback address/);
      expect(check).toHaveBeenCalled();
      expect(connect).toHaveBeenCalled();
      expect(received).toEqual([]);
      count("refused");
    } finally {
      check.mockRestore();
      connect.mockRestore();
    }
  });
});
