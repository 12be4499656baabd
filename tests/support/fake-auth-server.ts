// A local OAuth authorization server and an MCP resource that requires its tokens,
// written for the tests. Serves only the documents placed on it, so tests choose which
// discovery paths exist.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeAuth = {
  origin: string;
  /** Serves `body` as JSON at `path`. */
  put(path: string, body: unknown): void;
  /** Answers 401 with this WWW-Authenticate header at `path`. */
  challenge(path: string, header: string): void;
  requested: string[];
  close(): Promise<void>;
};

export async function startFakeAuth(): Promise<FakeAuth> {
  const docs = new Map<string, unknown>();
  const challenges = new Map<string, string>();
  const requested: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    requested.push(path);
    const challenge = challenges.get(path);
    if (challenge) return void res.writeHead(401, { "www-authenticate": challenge }).end();
    if (!docs.has(path)) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(docs.get(path)));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requested,
    put: (path, body) => void docs.set(path, body),
    challenge: (path, header) => void challenges.set(path, header),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
