// The connection test against real MCP servers and hostile ones, all on loopback.
import { afterAll, describe, expect, it } from "vitest";
import { parseOutboundAllow } from "@/server/platform/outbound";
import { validateMcpConnection, type ValidateInput } from "@/server/connectors/validator";
import { startFakeAuth } from "../support/fake-auth-server";
import {
  makeTools,
  startHostileServer,
  startMcpServer,
  type HostileKind,
  type TestServer,
} from "../support/mcp-servers";

const loopback = parseOutboundAllow("127.0.0.1");
const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function track<T extends TestServer>(p: Promise<T>): Promise<T> {
  const s = await p;
  servers.push(s);
  return s;
}

function validate(input: Partial<ValidateInput> & { url: string }) {
  return validateMcpConnection({ auth: { type: "none" }, policy: loopback, timeoutMs: 3000, ...input });
}

describe("connection test against working servers", () => {
  it("discovers the tools of a Streamable HTTP server, step by step", async () => {
    const server = await track(startMcpServer({ tools: makeTools(2) }));
    const seen: string[] = [];
    const result = await validate({ url: server.url, onStep: (s) => seen.push(`${s.name}:${s.status}`) });
    expect(result).toMatchObject({
      ok: true,
      code: null,
      transport: "streamable-http",
      server: { name: "test-server", version: "1.2.3" },
    });
    expect(result.tools.map((t) => t.name)).toEqual(["tool_1", "tool_2"]);
    expect(result.tools[0]).toMatchObject({
      title: "Tool 1",
      description: "Test tool number 1",
      inputSchema: { type: "object", required: ["text"] },
    });
    expect(seen).toEqual(["url_check:ok", "connect:ok", "authenticate:ok", "handshake:ok", "list_tools:ok"]);
    expect(result.steps.every((s) => s.durationMs >= 0)).toBe(true);
  });

  it("falls back to HTTP+SSE for an old server and says so", async () => {
    const server = await track(startMcpServer({ transport: "sse", tools: makeTools(1) }));
    const result = await validate({ url: server.url });
    expect(result).toMatchObject({ ok: true, transport: "sse" });
    expect(result.tools).toHaveLength(1);
  });

  it("follows every page of a paginated tool list", async () => {
    const server = await track(startMcpServer({ tools: makeTools(25), pageSize: 10 }));
    const result = await validate({ url: server.url });
    expect(result.tools).toHaveLength(25);
    expect(result.tools.at(-1)?.name).toBe("tool_25");
  });

  it("sends a bearer token, an API key header or custom headers", async () => {
    const bearer = await track(startMcpServer({ requireHeaders: { authorization: "Bearer s3cret" } }));
    expect((await validate({ url: bearer.url, auth: { type: "bearer", token: "s3cret" } })).ok).toBe(true);

    const apiKey = await track(startMcpServer({ requireHeaders: { "x-api-key": "k-123" } }));
    expect(
      (await validate({ url: apiKey.url, auth: { type: "api_key", header: "X-API-Key", value: "k-123" } })).ok,
    ).toBe(true);

    const custom = await track(startMcpServer({ requireHeaders: { "x-team": "blue", "x-token": "t" } }));
    const headers = {
      type: "headers" as const,
      headers: [
        { name: "X-Team", value: "blue" },
        { name: "X-Token", value: "t" },
      ],
    };
    expect((await validate({ url: custom.url, auth: headers })).ok).toBe(true);
  });

  it("authenticates an SSE server the same way", async () => {
    const server = await track(
      startMcpServer({ transport: "sse", requireHeaders: { authorization: "Bearer s3cret" } }),
    );
    expect(await validate({ url: server.url, auth: { type: "bearer", token: "s3cret" } })).toMatchObject({
      ok: true,
      transport: "sse",
    });
  });

  it("warns about a server with no tools but lets the user save", async () => {
    const empty = await track(startMcpServer({ tools: [] }));
    expect(await validate({ url: empty.url })).toMatchObject({
      ok: true,
      code: "NO_TOOLS",
      transport: "streamable-http",
    });
    const noCapability = await track(startMcpServer({ toolsCapability: false }));
    expect(await validate({ url: noCapability.url })).toMatchObject({ ok: true, code: "NO_TOOLS" });
  });
});

describe("connection test failures", () => {
  it("rejects a wrong token with AUTH_FAILED and the server's hint", async () => {
    const server = await track(startMcpServer({ requireHeaders: { authorization: "Bearer right" } }));
    const result = await validate({ url: server.url, auth: { type: "bearer", token: "wrong" } });
    expect(result).toMatchObject({ ok: false, code: "AUTH_FAILED" });
    expect(result.message).toContain("It asks for Bearer authentication (invalid_token).");
    expect(result.message).not.toContain("wrong");
    expect(result.steps.map((s) => `${s.name}:${s.status}`)).toEqual([
      "url_check:ok",
      "connect:ok",
      "authenticate:failed",
      "handshake:skipped",
      "list_tools:skipped",
    ]);
  });

  it.each<[HostileKind, string, RegExp]>([
    ["html", "INVALID_MCP_SERVER", /web page/],
    ["500", "INVALID_MCP_SERVER", /HTTP 500/],
    ["404", "INVALID_MCP_SERVER", /404/],
    ["401", "AUTH_FAILED", /401 Unauthorized.*It asks for Bearer authentication \(invalid_token\)\.$/],
    ["403", "AUTH_FAILED", /403 Forbidden/],
    ["invalid-jsonrpc", "INVALID_MCP_SERVER", /did not answer like an MCP server/],
    ["old-protocol", "INVALID_MCP_SERVER", /protocol version/],
    ["close-mid-stream", "INVALID_MCP_SERVER", /closed the connection/],
    ["redirect-to-metadata", "URL_NOT_ALLOWED", /169\.254\.169\.254 is a link-local address/],
  ])("a server answering %s gets %s", async (kind, code, message) => {
    const server = await track(startHostileServer(kind));
    const started = Date.now();
    const result = await validate({ url: server.url });
    expect(result).toMatchObject({ ok: false, code });
    expect(result.message).toMatch(message);
    expect(Date.now() - started).toBeLessThan(3000 + 500);
  });

  it.each<HostileKind>(["hang", "trickle"])("a server that does %s gets TIMEOUT at the deadline", async (kind) => {
    const server = await track(startHostileServer(kind));
    const started = Date.now();
    const result = await validate({ url: server.url, timeoutMs: 600 });
    const elapsed = Date.now() - started;
    expect(result).toMatchObject({
      ok: false,
      code: "TIMEOUT",
      message: "The server did not answer completely within 600 ms.",
    });
    expect(elapsed).toBeGreaterThanOrEqual(550);
    expect(elapsed).toBeLessThan(600 + 500);
  });

  it("offers OAuth to a bearer-token server only when it publishes OAuth metadata", async () => {
    // No metadata at all: MCP 2025-03-26 would assume /authorize and /token, but a test
    // offering sign-in on that guess would send every API-token server to a dead end.
    const api = await startFakeAuth();
    try {
      api.challenge("/mcp", 'Bearer realm="api"');
      const result = await validate({ url: `${api.origin}/mcp` });
      expect(result).toMatchObject({ code: "AUTH_FAILED" });
      expect(result.oauth).toBeUndefined();
      api.put("/.well-known/oauth-authorization-server", {
        issuer: api.origin,
        authorization_endpoint: `${api.origin}/authorize`,
        token_endpoint: `${api.origin}/token`,
        response_types_supported: ["code"],
        code_challenge_methods_supported: ["S256"],
      });
      expect((await validate({ url: `${api.origin}/mcp` })).oauth?.issuer).toBe(api.origin);
    } finally {
      await api.close();
    }
  });

  it("marks no step done on an error status: a 404 fails at connect and skips the rest", async () => {
    const server = await track(startHostileServer("404"));
    const result = await validate({ url: server.url });
    expect(result.steps.map((s) => `${s.name}:${s.status}`)).toEqual([
      "url_check:ok",
      "connect:failed",
      "authenticate:skipped",
      "handshake:skipped",
      "list_tools:skipped",
    ]);
    expect(result.steps[1]?.detail).toMatch(/404 Not Found/);
  });

  it("says a reserved port refuses the connection instead of a bare 'fetch failed'", async () => {
    const result = await validate({ url: "http://127.0.0.1:1/mcp" });
    expect(result).toMatchObject({ ok: false, code: "INVALID_URL" });
    expect(result.message).toBe(
      "The connection to 127.0.0.1:1 was refused: port 1 is reserved and never used for web requests.",
    );
    expect(result.hint).toMatch(/Check the port/);
  });

  it("stops at once when the caller cancels, and closes its connection", async () => {
    const server = await track(startHostileServer("hang"));
    const cancel = new AbortController();
    const started = Date.now();
    const test = validate({ url: server.url, signal: cancel.signal });
    await new Promise((r) => setTimeout(r, 200));
    cancel.abort(new Error("cancelled by the user"));
    await expect(test).rejects.toThrow("cancelled by the user");
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(validate({ url: server.url, signal: AbortSignal.abort(new Error("gone")) })).rejects.toThrow("gone");
  });

  it("reports a refused connection", async () => {
    const server = await track(startMcpServer());
    const url = server.url;
    await server.close();
    const result = await validate({ url });
    expect(result).toMatchObject({ ok: false, code: "INVALID_MCP_SERVER" });
    expect(result.message).toMatch(/connection refused/);
  });

  it.each([
    ["not a url", "INVALID_URL"],
    ["/relative/path", "INVALID_URL"],
    ["ftp://example.com/mcp", "INVALID_URL"],
    ["http://user:pass@127.0.0.1/mcp", "URL_NOT_ALLOWED"],
    ["http://10.0.0.1/mcp", "URL_NOT_ALLOWED"],
    ["http://[::1]/mcp", "URL_NOT_ALLOWED"],
    ["http://localhost.invalid/mcp", "INVALID_URL"],
  ])("refuses %s with %s before sending anything", async (url, code) => {
    const result = await validate({ url });
    expect(result).toMatchObject({ ok: false, code });
    expect(result.steps[0]).toMatchObject({ name: "url_check", status: "failed" });
  });
});
