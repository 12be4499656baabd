// A saved secret is write-only: nobody can get it back by pointing the connector (or its
// connection test) elsewhere with the secret field left empty, and the test result never
// repeats what the server said about the request (which may quote its headers).
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db";
import { errorOf } from "../support/errors";
import { listen, makeTools, startMcpServer, type TestServer } from "../support/mcp-servers";
import { signedInCaller } from "../support/trpc";
import { count } from "./report";

useTestDatabase();
const TOKEN = "tok_saved_secret_1234567890";
const KEY = "key_saved_secret_0987654321";
let server: TestServer;
let reflector: TestServer;

beforeAll(async () => {
  // Answers MCP on every path of its origin when the credentials are right.
  server = await startMcpServer({ tools: makeTools(2), requireHeaders: { authorization: `Bearer ${TOKEN}` } });
  // Quotes the request's headers back in every place a server can put text.
  reflector = await listen((req: IncomingMessage, res: ServerResponse) => {
    const quoted = JSON.stringify(req.headers);
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/challenge") {
      res.writeHead(401, { "www-authenticate": `Bearer realm="x", error_description="you sent ${quoted}"` });
      return void res.end(`you sent ${quoted}`);
    }
    if (path === "/rpc-error") {
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(
        JSON.stringify({
          jsonrpc: "2.0",
          id: 0,
          error: { code: -32603, message: `protocol version? you sent ${quoted}` },
        }),
      );
    }
    if (path === "/not-json") {
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(`{"you sent": ${quoted}`);
    }
    res.writeHead(400, { "content-type": "text/plain" }).end(`Bad request, protocol version unsupported: ${quoted}`);
  });
});
afterAll(async () => {
  await Promise.all([server.close(), reflector.close()]);
});

const carried = (s: TestServer, from: number, secret: string) =>
  s.requests.slice(from).filter((r) => JSON.stringify(r.headers).includes(secret));

describe("a saved secret is reused only for the exact saved URL", () => {
  const origin = () => new URL(server.url).origin;

  it.each([
    ["another path on the same server", () => `${origin()}/debug/echo`],
    ["a query added", () => `${server.url}?echo=1`],
    ["another host name for the same server", () => server.url.replace("127.0.0.1", "localhost")],
  ])("the connection test with %s asks for the token again and sends nothing", async (_, target) => {
    const { caller } = await signedInCaller();
    const c = await caller.connectors.create({ name: "Docs", url: server.url, auth: { type: "bearer", token: TOKEN } });
    const before = server.requests.length;
    count("probes");
    const err = await errorOf(caller.connectors.test({ url: target(), auth: { type: "bearer" }, connectorId: c.id }));
    expect(err).toMatchObject({
      code: "VALIDATION",
      message: expect.stringMatching(/^Enter the token again/) as unknown,
    });
    expect(carried(server, before, TOKEN)).toEqual([]);
    count("refused");
    count("probes");
    const upd = await errorOf(caller.connectors.update({ id: c.id, url: target() }));
    expect(upd.code).toBe("VALIDATION");
    expect(carried(server, before, TOKEN)).toEqual([]);
    count("refused");
  });

  it("the exact saved URL still tests and saves with the stored token", async () => {
    const { caller } = await signedInCaller();
    const c = await caller.connectors.create({ name: "Docs", url: server.url, auth: { type: "bearer", token: TOKEN } });
    const result = await caller.connectors.test({ url: server.url, auth: { type: "bearer" }, connectorId: c.id });
    expect(result).toMatchObject({ ok: true, code: null });
    expect((await caller.connectors.update({ id: c.id, name: "Handbook", auth: { type: "bearer" } })).name).toBe(
      "Handbook",
    );
  });

  it("a renamed API-key header with an empty value does not carry the saved key", async () => {
    const keyed = await startMcpServer({ tools: makeTools(1), requireHeaders: { "x-api-key": KEY } });
    try {
      const { caller } = await signedInCaller();
      const c = await caller.connectors.create({
        name: "Keyed",
        url: keyed.url,
        auth: { type: "api_key", header: "X-API-Key", value: KEY },
      });
      const before = keyed.requests.length;
      count("probes");
      const err = await errorOf(
        caller.connectors.test({
          url: keyed.url,
          auth: { type: "api_key", header: "X-Debug-Echo" },
          connectorId: c.id,
        }),
      );
      expect(err).toMatchObject({
        code: "VALIDATION",
        message: expect.stringMatching(/^Enter the API key again/) as unknown,
      });
      expect(carried(keyed, before, KEY)).toEqual([]);
      count("refused");
      // The same header, in another spelling of its case, is the same header.
      const same = await caller.connectors.test({
        url: keyed.url,
        auth: { type: "api_key", header: "x-api-key" },
        connectorId: c.id,
      });
      expect(same.ok).toBe(true);
    } finally {
      await keyed.close();
    }
  });
});

describe("the connection test does not repeat what the server said", () => {
  const origin = () => new URL(reflector.url).origin;

  it.each(["/challenge", "/rpc-error", "/not-json", "/bad-request"])(
    "a server quoting the request's headers at %s: the result does not contain the secret",
    async (path) => {
      const { caller } = await signedInCaller();
      count("probes");
      const result = await caller.connectors.test({
        url: `${origin()}${path}`,
        auth: { type: "api_key", header: "X-API-Key", value: KEY },
      });
      expect(result.ok).toBe(false);
      expect(reflector.requests.some((r) => r.headers["x-api-key"] === KEY)).toBe(true);
      expect(JSON.stringify(result)).not.toContain(KEY);
      expect(JSON.stringify(result)).not.toContain("you sent");
      count("refused");
    },
  );
});
