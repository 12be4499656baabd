// Servers that speak just enough of the PostgreSQL protocol to refuse a login (over TLS
// if asked), for the connection test; and the certificate they present.
import net from "node:net";
import tls from "node:tls";

// A self-signed certificate for db.example.test, valid until 2126 (test only).
export const CERT = `-----BEGIN CERTIFICATE-----
MIIBpzCCAU2gAwIBAgIUNK3sZFMtHiWzI3vz3iDYIeqN1lAwCgYIKoZIzj0EAwIw
GjEYMBYGA1UEAwwPZGIuZXhhbXBsZS50ZXN0MCAXDTI2MTEyOTExNDkzNloYDzIx
MjYxMTA1MTE0OTM2WjAaMRgwFgYDVQQDDA9kYi5leGFtcGxlLnRlc3QwWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAASWRRXybWiUBiDgifwwF0wWf5yqo0+TmH0rFymc
4gyzh1u68P2+w5PRZKFp/AXLTBd9Hf/TtN4uRt6/6JjbpFFHo28wbTAdBgNVHQ4E
FgQUSgT5iFfxF5FMMGQAKOoDzdMH2QkwHwYDVR0jBBgwFoAUSgT5iFfxF5FMMGQA
KOoDzdMH2QkwDwYDVR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgg9kYi5leGFtcGxl
LnRlc3QwCgYIKoZIzj0EAwIDSAAwRQIhAPd7311d96JXFUSGgEQYJ1LhtAhI18Mo
0D5ftsltIrgCAiAsAF7MLpMr+ZKlbUffLDFA8SHmI3WDEM6N+G9ZggYdSg==
-----END CERTIFICATE-----`;
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgsr9hPcHQSyILluF/
hPZ4uNIw6t+qE/0Cf5C8HjExTWahRANCAASWRRXybWiUBiDgifwwF0wWf5yqo0+T
mH0rFymc4gyzh1u68P2+w5PRZKFp/AXLTBd9Hf/TtN4uRt6/6JjbpFFH
-----END PRIVATE KEY-----`;

export type Fake = {
  port: number;
  connections: number;
  seen: { servername?: string; startup?: Record<string, string>; password?: string }[];
  close(): Promise<void>;
};
/** Every fake started by a test, for afterEach to close. */
export const fakes: Fake[] = [];

export function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type);
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}
const pgError = (code: string, text: string) => message("E", Buffer.from(`SFATAL\0C${code}\0M${text}\0\0`));
const askPassword = () => message("R", Buffer.from([0, 0, 0, 3]));

function startupParams(chunk: Buffer): Record<string, string> {
  const parts = chunk.subarray(8).toString("utf8").split("\0");
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < parts.length && parts[i]; i += 2) out[parts[i]!] = parts[i + 1]!;
  return out;
}

/** A server that reads the startup message (over TLS if asked), asks for a password, then refuses it. */
export function refusingPostgres(seen: Fake["seen"][number], socket: net.Socket | tls.TLSSocket, code: string) {
  socket.once("data", (startup: Buffer) => {
    seen.startup = startupParams(startup);
    socket.write(askPassword());
    socket.once("data", (reply: Buffer) => {
      seen.password = reply.subarray(5, reply.length - 1).toString("utf8");
      socket.end(
        pgError(
          code,
          code === "28P01" ? `password authentication failed for user "${seen.startup?.user}"` : "no pg_hba.conf entry",
        ),
      );
    });
  });
}

export async function fake(onSocket: (socket: net.Socket, seen: Fake["seen"][number]) => void): Promise<Fake> {
  const sockets = new Set<net.Socket>();
  const f: Fake = { port: 0, connections: 0, seen: [], close: () => Promise.resolve() };
  const server = net.createServer((socket) => {
    f.connections++;
    sockets.add(socket);
    socket.on("error", () => undefined);
    const seen = {};
    f.seen.push(seen);
    onSocket(socket, seen);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  f.port = (server.address() as net.AddressInfo).port;
  f.close = () => {
    for (const s of sockets) s.destroy();
    return new Promise((r) => server.close(() => r()));
  };
  fakes.push(f);
  return f;
}

export const tlsPostgres = (code: string) =>
  fake((raw, seen) => {
    raw.once("data", () => {
      raw.write("S");
      const secure = new tls.TLSSocket(raw, {
        isServer: true,
        SNICallback: (name, cb) => {
          seen.servername = name;
          cb(null, tls.createSecureContext({ key: KEY, cert: CERT }));
        },
      });
      secure.on("error", () => undefined);
      refusingPostgres(seen, secure, code);
    });
  });
