// A local OAuth authorization server and an MCP resource that requires its tokens,
// written for the tests. Serves only the documents placed on it, so tests choose which
// discovery paths exist.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeAuth = {
  origin: string;
  /** Serves `body` as JSON at `path`. */
  put(path: string, body: unknown): void;
  /** Answers 401 with this WWW-Authenticate header at `path`. */
  challenge(path: string, header: string): void;
  requested: string[];
  /** Authorization server state, for assertions. */
  as: { clients: Map<string, string[]>; tokenRequests: Record<string, string>[]; revokeAll(): void };
  close(): Promise<void>;
};

async function form(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return req.headers["content-type"]?.includes("json") ? (JSON.parse(text) as Record<string, string>) : Object.fromEntries(new URLSearchParams(text));
}

const json = (res: ServerResponse, status: number, body: unknown) => void res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

export async function startFakeAuth(): Promise<FakeAuth> {
  const docs = new Map<string, unknown>();
  const challenges = new Map<string, string>();
  const requested: string[] = [];
  const clients = new Map<string, string[]>(); // client id -> redirect URIs
  const codes = new Map<string, { challenge: string; redirectUri: string; resource: string; clientId: string }>();
  const refresh = new Set<string>();
  const tokenRequests: Record<string, string>[] = [];
  let origin = "";

  // /register, /authorize and /token behave like a strict authorization server: PKCE S256
  // and the resource parameter are required, redirect URIs must be registered.
  const authorizationServer = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (url.pathname === "/register" && req.method === "POST") {
      const body = await form(req);
      const id = `client-${randomBytes(4).toString("hex")}`;
      clients.set(id, (body.redirect_uris as unknown as string[]) ?? []);
      json(res, 201, { client_id: id, redirect_uris: body.redirect_uris });
      return true;
    }
    if (url.pathname === "/authorize") {
      const p = url.searchParams;
      const redirect = p.get("redirect_uri") ?? "";
      if (!clients.get(p.get("client_id") ?? "")?.includes(redirect)) return json(res, 400, { error: "invalid_client" }), true;
      if (p.get("code_challenge_method") !== "S256" || !p.get("resource")) return json(res, 400, { error: "invalid_request" }), true;
      const code = randomBytes(8).toString("hex");
      codes.set(code, { challenge: p.get("code_challenge") ?? "", redirectUri: redirect, resource: p.get("resource")!, clientId: p.get("client_id")! });
      const back = new URL(redirect);
      back.searchParams.set("code", code);
      back.searchParams.set("state", p.get("state") ?? "");
      back.searchParams.set("iss", origin);
      res.writeHead(302, { location: back.href }).end();
      return true;
    }
    if (url.pathname === "/token" && req.method === "POST") {
      const p = await form(req);
      tokenRequests.push(p);
      if (p.grant_type === "authorization_code") {
        const pending = codes.get(p.code ?? "");
        codes.delete(p.code ?? "");
        const ok = pending && pending.clientId === p.client_id && pending.redirectUri === p.redirect_uri && pending.resource === p.resource && pending.challenge === createHash("sha256").update(p.code_verifier ?? "").digest("base64url");
        if (!ok) return json(res, 400, { error: "invalid_grant" }), true;
      } else if (p.grant_type === "refresh_token") {
        if (!refresh.delete(p.refresh_token ?? "")) return json(res, 400, { error: "invalid_grant" }), true;
      } else return json(res, 400, { error: "unsupported_grant_type" }), true;
      const rt = `rt-${randomBytes(6).toString("hex")}`;
      refresh.add(rt);
      json(res, 200, { access_token: `at-${randomBytes(6).toString("hex")}`, refresh_token: rt, expires_in: 3600, token_type: "Bearer", scope: "mcp" });
      return true;
    }
    return false;
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname;
    requested.push(path);
    void authorizationServer(req, res, url).then((handled) => {
      if (handled) return;
      const challenge = challenges.get(path);
      if (challenge) return void res.writeHead(401, { "www-authenticate": challenge }).end();
      if (!docs.has(path)) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(docs.get(path)));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requested,
    as: { clients, tokenRequests, revokeAll: () => refresh.clear() },
    put: (path, body) => void docs.set(path, body),
    challenge: (path, header) => void challenges.set(path, header),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
