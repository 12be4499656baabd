// A local OAuth authorization server and an MCP resource that requires its tokens,
// written for the tests. Serves only the documents placed on it, so tests choose which
// discovery paths exist; `startOAuthMcp` sets up the usual ones.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { buildServer, readJson, type McpServerOptions } from "./mcp-servers";

type Grant = { clientId: string; scope: string; resource: string };
type AccessToken = Grant & { expiresAt: number };

export type FakeAuth = {
  origin: string;
  /** Serves `body` as JSON at `path`. */
  put(path: string, body: unknown): void;
  /** Answers 401 with this WWW-Authenticate header at `path`. */
  challenge(path: string, header: string): void;
  requested: string[];
  /** Authorization server state, for assertions and for staging failures. */
  as: {
    clients: Map<string, string[]>;
    tokenRequests: Record<string, string>[];
    authorizeRequests: URLSearchParams[];
    /** Refresh tokens revoked through /revoke (RFC 7009). */
    revoked: string[];
    /** Refresh tokens stop working (the user revoked the app). */
    revokeAll(): void;
    /** Every access token issued so far stops working (the server expired them early). */
    expireAccessTokens(): void;
    /** Lifetime of new access tokens. */
    tokenLifetimeSec: number;
    /** Answers refresh requests this much later (to overlap concurrent refreshes). */
    refreshDelayMs: number;
    /** The "signed in as" the id_token names. */
    email: string;
    /** A client registered by hand, as an administrator would. */
    preRegister(clientId: string, clientSecret: string | null, redirectUris: string[]): void;
    refreshCount(): number;
    /** What an access token grants, as a resource server would introspect it. */
    accessToken(token: string): AccessToken | undefined;
  };
  close(): Promise<void>;
};

async function form(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return req.headers["content-type"]?.includes("json")
    ? (JSON.parse(text) as Record<string, string>)
    : Object.fromEntries(new URLSearchParams(text));
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  void res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function idToken(email: string): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part({ sub: "user-1", email })}.`;
}

export async function startFakeAuth(opts: { port?: number } = {}): Promise<FakeAuth> {
  const docs = new Map<string, unknown>();
  const challenges = new Map<string, string>();
  const requested: string[] = [];
  const clients = new Map<string, string[]>(); // client id -> redirect URIs
  const secrets = new Map<string, string>();
  const codes = new Map<string, Grant & { challenge: string; redirectUri: string }>();
  const refresh = new Map<string, Grant>();
  const access = new Map<string, AccessToken>();
  const tokenRequests: Record<string, string>[] = [];
  const authorizeRequests: URLSearchParams[] = [];
  const revoked: string[] = [];
  let origin = "";

  const as: FakeAuth["as"] = {
    clients,
    tokenRequests,
    authorizeRequests,
    revoked,
    revokeAll: () => refresh.clear(),
    expireAccessTokens: () => access.clear(),
    tokenLifetimeSec: 3600,
    refreshDelayMs: 0,
    email: "alice@example.com",
    preRegister: (id, secret, uris) => {
      clients.set(id, uris);
      if (secret) secrets.set(id, secret);
    },
    accessToken: (token) => access.get(token),
    refreshCount: () => tokenRequests.filter((r) => r.grant_type === "refresh_token").length,
  };

  const issue = (res: ServerResponse, grant: Grant) => {
    const at = `at-${randomBytes(6).toString("hex")}`;
    const rt = `rt-${randomBytes(6).toString("hex")}`;
    access.set(at, { ...grant, expiresAt: Date.now() + as.tokenLifetimeSec * 1000 });
    refresh.set(rt, grant);
    json(res, 200, {
      access_token: at,
      refresh_token: rt,
      expires_in: as.tokenLifetimeSec,
      token_type: "Bearer",
      scope: grant.scope,
      id_token: idToken(as.email),
    });
  };

  // /register, /authorize and /token behave like a strict authorization server: PKCE S256
  // and the resource parameter are required, redirect URIs must be registered, a client
  // with a secret must send it, refresh tokens are used once (rotation).
  const authorizationServer = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (url.pathname === "/register" && req.method === "POST") {
      const body = await form(req);
      const id = `client-${randomBytes(4).toString("hex")}`;
      clients.set(id, (body.redirect_uris as unknown as string[]) ?? []);
      json(res, 201, { client_id: id, redirect_uris: body.redirect_uris });
      return true;
    }
    if (url.pathname === "/authorize" || url.pathname === "/authorize/approve") {
      const p = url.searchParams;
      authorizeRequests.push(p);
      const redirect = p.get("redirect_uri") ?? "";
      if (!clients.get(p.get("client_id") ?? "")?.includes(redirect))
        return (json(res, 400, { error: "invalid_client" }), true);
      if (p.get("code_challenge_method") !== "S256" || !p.get("code_challenge") || !p.get("resource"))
        return (json(res, 400, { error: "invalid_request" }), true);
      // A browser sees a consent page first; a test's fetch is answered at once.
      if (url.pathname === "/authorize" && req.headers.accept?.includes("text/html")) {
        const approve = `/authorize/approve?${p.toString()}`.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
        res
          .writeHead(200, { "content-type": "text/html; charset=utf-8" })
          .end(
            `<!doctype html><html><head><title>Fake sign-in</title></head><body><h1>Allow Connectors to use your account?</h1><p>Signed in as ${as.email}</p><a id="allow" href="${approve}">Allow</a></body></html>`,
          );
        return true;
      }
      const code = randomBytes(8).toString("hex");
      codes.set(code, {
        challenge: p.get("code_challenge") ?? "",
        redirectUri: redirect,
        resource: p.get("resource")!,
        clientId: p.get("client_id")!,
        scope: p.get("scope") ?? "",
      });
      const back = new URL(redirect);
      back.searchParams.set("code", code);
      back.searchParams.set("state", p.get("state") ?? "");
      back.searchParams.set("iss", origin);
      res.writeHead(302, { location: back.href }).end();
      return true;
    }
    if (url.pathname === "/revoke" && req.method === "POST") {
      const p = await form(req);
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "");
      const clientId = basic
        ? decodeURIComponent(Buffer.from(basic[1]!, "base64").toString("utf8").split(":")[0]!)
        : p.client_id;
      const grant = refresh.get(p.token ?? "");
      if (grant && grant.clientId === clientId) {
        refresh.delete(p.token!);
        revoked.push(p.token!);
      }
      res.writeHead(200).end(); // RFC 7009: 200 whether or not the token was known
      return true;
    }
    if (url.pathname === "/token" && req.method === "POST") {
      const p = await form(req);
      // Client authentication: HTTP Basic (RFC 6749 §2.3.1), in the body, or none.
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "");
      if (basic) {
        const [id, secret] = Buffer.from(basic[1]!, "base64").toString("utf8").split(":").map(decodeURIComponent);
        Object.assign(p, { client_id: id, client_secret: secret, client_auth: "client_secret_basic" });
      } else p.client_auth = p.client_secret ? "client_secret_post" : "none";
      tokenRequests.push(p);
      const secret = secrets.get(p.client_id ?? "");
      if (secret !== undefined && p.client_secret !== secret)
        return (json(res, 401, { error: "invalid_client" }), true);
      if (p.grant_type === "authorization_code") {
        const pending = codes.get(p.code ?? "");
        codes.delete(p.code ?? "");
        const ok =
          pending &&
          pending.clientId === p.client_id &&
          pending.redirectUri === p.redirect_uri &&
          pending.resource === p.resource &&
          pending.challenge ===
            createHash("sha256")
              .update(p.code_verifier ?? "")
              .digest("base64url");
        if (!ok) return (json(res, 400, { error: "invalid_grant" }), true);
        issue(res, pending);
      } else if (p.grant_type === "refresh_token") {
        if (as.refreshDelayMs) await sleep(as.refreshDelayMs);
        const grant = refresh.get(p.refresh_token ?? "");
        refresh.delete(p.refresh_token ?? "");
        if (!grant || grant.clientId !== p.client_id || grant.resource !== p.resource)
          return (json(res, 400, { error: "invalid_grant" }), true);
        issue(res, grant);
      } else return (json(res, 400, { error: "unsupported_grant_type" }), true);
      return true;
    }
    return false;
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname;
    requested.push(path);
    void (async () => {
      if (await authorizationServer(req, res, url)) return;
      const challenge = challenges.get(path);
      if (challenge) return void res.writeHead(401, { "www-authenticate": challenge }).end();
      if (!docs.has(path)) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(docs.get(path)));
    })();
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requested,
    as,
    put: (path, body) => void docs.set(path, body),
    challenge: (path, header) => void challenges.set(path, header),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export type OAuthMcp = FakeAuth & {
  /** The MCP endpoint (its own server), which answers only with a valid access token. */
  url: string;
  /** Access tokens the MCP endpoint saw, in order (undefined when none was sent). */
  seenTokens: (string | undefined)[];
};

/**
 * An authorization server, and on another server (another origin) an MCP endpoint at
 * /mcp that requires its tokens: 401 with a `resource_metadata` pointer without a valid
 * one, 403 insufficient_scope for a tool whose scope the token lacks.
 */
export async function startOAuthMcp(
  opts: {
    port?: number;
    registration?: boolean;
    clientMetadataDocuments?: boolean;
    toolScopes?: Record<string, string>;
    /** JSON-RPC methods answered without a token (some servers let anyone initialize). */
    openMethods?: string[];
    mcp?: McpServerOptions;
  } = {},
): Promise<OAuthMcp> {
  const auth = await startFakeAuth();
  const seenTokens: (string | undefined)[] = [];
  let mcpOrigin = "";
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://x");
    const metadata = `${mcpOrigin}/.well-known/oauth-protected-resource/mcp`;
    if (url.pathname === "/.well-known/oauth-protected-resource/mcp") {
      return json(res, 200, {
        resource: `${mcpOrigin}/mcp`,
        authorization_servers: [auth.origin],
        scopes_supported: ["mcp"],
      });
    }
    if (url.pathname !== "/mcp") return void res.writeHead(404).end();
    const header = req.headers.authorization;
    const token = header?.startsWith("Bearer ") ? header.slice(7) : undefined;
    seenTokens.push(token);
    const grant = token ? auth.as.accessToken(token) : undefined;
    const body = req.method === "POST" ? await readJson(req) : undefined;
    const call = body as { method?: string; params?: { name?: string } } | undefined;
    const open = call?.method !== undefined && (opts.openMethods ?? []).includes(call.method);
    if (!open && (!grant || grant.expiresAt < Date.now() || grant.resource !== `${mcpOrigin}/mcp`)) {
      res
        .writeHead(401, {
          "www-authenticate": `Bearer resource_metadata="${metadata}", scope="mcp"`,
          "content-type": "application/json",
        })
        .end('{"error":"invalid_token"}');
      return;
    }
    const needed = call?.method === "tools/call" ? opts.toolScopes?.[call.params?.name ?? ""] : undefined;
    if (needed && !grant?.scope.split(" ").includes(needed)) {
      res
        .writeHead(403, {
          "www-authenticate": `Bearer error="insufficient_scope", scope="mcp ${needed}", resource_metadata="${metadata}"`,
        })
        .end();
      return;
    }
    const server = buildServer({ name: "oauth-test-server", ...opts.mcp });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on("close", () => void transport.close().then(() => server.close()));
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };
  const mcp = createServer((req, res) => void handle(req, res));
  await new Promise<void>((r) => mcp.listen(opts.port ?? 0, "127.0.0.1", r));
  mcpOrigin = `http://127.0.0.1:${(mcp.address() as AddressInfo).port}`;

  const origin = auth.origin;
  auth.put("/.well-known/oauth-authorization-server", {
    issuer: origin,
    authorization_endpoint: `${origin}/authorize`,
    token_endpoint: `${origin}/token`,
    revocation_endpoint: `${origin}/revoke`,
    ...(opts.registration === false ? {} : { registration_endpoint: `${origin}/register` }),
    response_types_supported: ["code"],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: ["none", "client_secret_basic", "client_secret_post"],
    authorization_response_iss_parameter_supported: true,
    ...(opts.clientMetadataDocuments ? { client_id_metadata_document_supported: true } : {}),
  });
  return {
    ...auth,
    url: `${mcpOrigin}/mcp`,
    seenTokens,
    close: async () => {
      mcp.closeAllConnections();
      await Promise.all([new Promise<void>((r) => mcp.close(() => r())), auth.close()]);
    },
  };
}
