// The SSRF corpus: every way of pointing a connector at an internal address is refused
// before any connection to it is made.
import dns from "node:dns";
import dnsPromises from "node:dns/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseOutboundAllow } from "@/server/platform/outbound";
import { validateMcpConnection } from "@/server/connectors/validator";
import { report } from "../support/count";
import { startHostileServer, startMcpServer, type TestServer } from "../support/mcp-servers";

const none = parseOutboundAllow("");
let local: TestServer;

beforeAll(async () => {
  local = await startMcpServer();
});
afterAll(async () => {
  await local.close();
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

describe("SSRF corpus", () => {
  it("refuses every internal target, spelling and scheme", async () => {
    let refused = 0;
    for (const url of CORPUS) {
      const result = await validateMcpConnection({ url, auth: { type: "none" }, policy: none, timeoutMs: 2000 });
      expect(["URL_NOT_ALLOWED", "INVALID_URL"], `${url} got ${result.code}: ${result.message}`).toContain(result.code);
      expect(result.steps[0]).toMatchObject({ name: "url_check", status: "failed" });
      refused += 1;
    }
    expect(local.requests).toEqual([]);
    report("ssrf", CORPUS.length, `${refused} refused`);
  }, 60_000);

  it("refuses a redirect to the metadata address", async () => {
    const server = await startHostileServer("redirect-to-metadata");
    try {
      const result = await validateMcpConnection({
        url: server.url,
        auth: { type: "none" },
        policy: parseOutboundAllow("127.0.0.1"),
        timeoutMs: 2000,
      });
      expect(result).toMatchObject({ code: "URL_NOT_ALLOWED" });
    } finally {
      await server.close();
    }
  });

  it("connects only to the address it checked: a name that rebinds to loopback is refused", async () => {
    const port = new URL(local.url).port;
    // The up-front check sees a public address; the connection's own lookup then gets loopback.
    const check = vi.spyOn(dnsPromises, "lookup").mockResolvedValue([{ address: "93.184.215.14", family: 4 }] as never);
    const connect = vi
      .spyOn(dns, "lookup")
      .mockImplementation(((
        _host: string,
        _opts: unknown,
        cb: (e: null, a: { address: string; family: number }[]) => void,
      ) => cb(null, [{ address: "127.0.0.1", family: 4 }])) as never);
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
      expect(local.requests).toEqual([]);
    } finally {
      check.mockRestore();
      connect.mockRestore();
    }
  });
});
