// The client's address, for per-address limits. Forwarding headers are written by whoever
// sends the request, so they are believed only when the request came from a proxy listed
// in TRUSTED_PROXIES. `next start` fills X-Forwarded-For with the socket address only when
// the client did not send one, so the socket address itself is stamped on every request
// by `stampPeerAddresses` (installed at start) under a per-process secret.
import { randomBytes } from "node:crypto";
import http from "node:http";
import ipaddr from "ipaddr.js";
import { env } from "@/env";

export const PEER_HEADER = "x-connectors-peer";

type HeaderSource = Headers | Record<string, unknown> | undefined;

// Shared through globalThis: Next loads instrumentation and route handlers as separate bundles.
const NONCE_KEY = Symbol.for("connectors.peerNonce");
type Global = typeof globalThis & { [NONCE_KEY]?: string };

function peerNonce(): string {
  const g = globalThis as Global;
  g[NONCE_KEY] ??= randomBytes(16).toString("hex");
  return g[NONCE_KEY];
}

/** The header value that vouches for `address` as this request's socket address. */
export function peerStamp(address: string): string {
  return `${peerNonce()} ${address}`;
}

let installed = false;

/** Stamps each incoming HTTP request with its socket address, replacing any sent header. */
export function stampPeerAddresses(): void {
  if (installed) return;
  installed = true;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the server as `this`
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      const address = req.socket?.remoteAddress;
      if (address) req.headers[PEER_HEADER] = peerStamp(address);
      else delete req.headers[PEER_HEADER];
    }
    return (emit as (this: http.Server, e: string | symbol, ...a: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;
}

function header(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  if (Array.isArray(value)) return value.join(",");
  return typeof value === "string" ? value : undefined;
}

function normalize(value: string | undefined): string | undefined {
  const trimmed = value?.trim().replace(/^\[(.*)\]$/, "$1");
  if (!trimmed || !ipaddr.isValid(trimmed)) return undefined;
  return ipaddr.process(trimmed).toString();
}

function trusted(address: string, proxies: string[]): boolean {
  const parsed = ipaddr.process(address);
  return proxies.some((entry) => {
    if (!entry.includes("/")) return ipaddr.process(entry).toString() === parsed.toString();
    const [range, bits] = ipaddr.parseCIDR(entry);
    const candidate =
      parsed.kind() === range.kind()
        ? parsed
        : parsed.kind() === "ipv4" && range.kind() === "ipv6"
          ? (parsed as ipaddr.IPv4).toIPv4MappedAddress()
          : undefined;
    return candidate ? candidate.match([range, bits]) : false;
  });
}

/**
 * The client's address: the stamped socket address, or, when that is a trusted proxy, the
 * nearest address in X-Forwarded-For (or X-Real-IP) that is not itself a trusted proxy.
 * Undefined when the request carries no valid stamp (not received over HTTP by this process).
 */
export function clientAddress(headers: HeaderSource): string | undefined {
  const stamp = header(headers, PEER_HEADER);
  const [nonce, rawPeer] = stamp?.split(" ") ?? [];
  if (nonce !== peerNonce()) return undefined;
  const peer = normalize(rawPeer);
  if (!peer) return undefined;
  const proxies = env().TRUSTED_PROXIES;
  if (!trusted(peer, proxies)) return peer;
  const chain = (header(headers, "x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => normalize(entry))
    .filter((entry): entry is string => entry !== undefined);
  for (const hop of chain.reverse()) if (!trusted(hop, proxies)) return hop;
  return chain.at(-1) ?? normalize(header(headers, "x-real-ip")) ?? peer;
}
