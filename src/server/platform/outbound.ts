// Outbound HTTP to user-supplied URLs (SSRF rules). Every address a host name resolves
// to is checked inside the connection's own DNS lookup, so the socket connects to the
// address that was checked (no DNS rebinding between check and connect); IP literals
// are checked up front because the lookup hook never runs for them. Redirects are
// re-checked hop by hop, and response bodies are capped.
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import ipaddr from "ipaddr.js";
import type { LookupAddress } from "node:dns";
import dns from "node:dns";
import { Agent, fetch as undiciFetch, Headers as UndiciHeaders, Response as UndiciResponse } from "undici";

export type OutboundPolicy = {
  /** Host names allowed whatever they resolve to (lower case). */
  hosts: string[];
  /** Address ranges allowed although not public unicast. */
  ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][];
};

export const MAX_REDIRECTS = 5;
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Parses OUTBOUND_ALLOW: host names, IP addresses and CIDR ranges, comma separated. */
export function parseOutboundAllow(value: string | undefined): OutboundPolicy {
  const policy: OutboundPolicy = { hosts: [], ranges: [] };
  for (const raw of (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (raw.includes("/")) policy.ranges.push(ipaddr.parseCIDR(raw));
    else if (ipaddr.isValid(raw.replace(/^\[|\]$/g, ""))) {
      const addr = ipaddr.process(raw.replace(/^\[|\]$/g, ""));
      policy.ranges.push([addr, addr.kind() === "ipv4" ? 32 : 128]);
    } else policy.hosts.push(raw.toLowerCase());
  }
  return policy;
}

/** The rules for users' URLs (connectors, databases): public addresses and OUTBOUND_ALLOW. */
export function configuredPolicy(): OutboundPolicy {
  return parseOutboundAllow(env().OUTBOUND_ALLOW);
}

/**
 * The rules for URLs only an administrator configures (alert webhook, Google endpoints):
 * public addresses and OUTBOUND_ADMIN_ALLOW. Kept apart from OUTBOUND_ALLOW so that letting
 * the webhook reach an internal host does not let every user's connector reach it too.
 */
export function adminPolicy(): OutboundPolicy {
  return parseOutboundAllow(env().OUTBOUND_ADMIN_ALLOW);
}

export class UrlNotAllowedError extends AppError {
  constructor(reason: string) {
    super("URL_NOT_ALLOWED", reason);
    this.name = "UrlNotAllowedError";
  }
}

const RANGE_LABELS: Record<string, string> = {
  loopback: "loopback",
  private: "private",
  linkLocal: "link-local",
  uniqueLocal: "unique-local",
  multicast: "multicast",
  unspecified: "unspecified",
  carrierGradeNat: "carrier-grade NAT",
  broadcast: "broadcast",
  reserved: "reserved",
};

function isAllowedByRange(addr: ipaddr.IPv4 | ipaddr.IPv6, policy: OutboundPolicy): boolean {
  return policy.ranges.some(([range, bits]) => addr.kind() === range.kind() && addr.match([range, bits] as never));
}

/** Why this address may not be reached, or null when it may; `rule` ends the sentence. */
export function addressRefusal(
  ip: string,
  hostname: string,
  policy: OutboundPolicy,
  rule = "connectors may only reach public servers",
): string | null {
  if (!ipaddr.isValid(ip)) return `${hostname} did not resolve to a valid address`;
  const addr = ipaddr.process(ip); // unwraps IPv4-mapped IPv6
  if (policy.hosts.includes(hostname.toLowerCase()) || isAllowedByRange(addr, policy)) return null;
  const range = addr.range();
  if (range === "unicast") return null;
  const label = RANGE_LABELS[range] ?? range;
  const where = hostname === ip ? ip : `${hostname} resolves to ${ip}, which`;
  return `${where} is a ${label} address; ${rule}`;
}

/** Checks the parts of a URL that need no DNS: scheme, credentials, IP literals. */
export function checkUrl(url: URL, policy: OutboundPolicy): void {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UrlNotAllowedError(`${url.protocol.replace(":", "")} URLs are not allowed; use http or https`);
  }
  if (url.username || url.password) {
    throw new UrlNotAllowedError(
      "URLs with a user name or password are not allowed; put credentials in the connector's authentication settings",
    );
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (ipaddr.isValid(host)) {
    const refusal = addressRefusal(ipaddr.parse(host).toString(), host, policy);
    if (refusal) throw new UrlNotAllowedError(refusal);
  }
  // RFC 6761: localhost names are loopback whatever DNS says (and some resolvers know
  // no "localhost." at all, which would make a refusal look like a missing host).
  const name = host.replace(/\.$/, "").toLowerCase();
  if ((name === "localhost" || name.endsWith(".localhost")) && !policy.hosts.includes(name)) {
    const refusal = addressRefusal("127.0.0.1", host, policy);
    if (refusal) throw new UrlNotAllowedError(refusal);
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function guardedLookup(policy: OutboundPolicy) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    dns.lookup(hostname, { ...options, all: true, verbatim: true }, (err, addresses) => {
      if (err) return callback(err, []);
      for (const a of addresses) {
        const refusal = addressRefusal(a.address, hostname, policy);
        if (refusal) return callback(new UrlNotAllowedError(refusal), []);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
      callback(null, first.address, first.family);
    });
  };
}

const agents = new Map<string, Agent>();

function agentFor(policy: OutboundPolicy): Agent {
  const key = JSON.stringify([policy.hosts, policy.ranges.map(([a, b]) => `${a.toString()}/${b}`)]);
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({ connect: { lookup: guardedLookup(policy), timeout: 10_000 }, keepAliveTimeout: 10_000 });
    agents.set(key, agent);
  }
  return agent;
}

export type ResponseObservation = { url: string; status: number; headers: Headers; elapsedMs: number };

export type SafeFetchOptions = {
  policy: OutboundPolicy;
  /** Aborts every request made through this fetch (the operation's deadline). */
  signal?: AbortSignal;
  /** Header names that must not follow a redirect to another origin (the user's own). */
  sensitiveHeaders?: string[];
  maxBodyBytes?: number;
  onResponse?: (o: ResponseObservation) => void;
};

const ALWAYS_SENSITIVE = ["authorization", "cookie", "proxy-authorization", "mcp-session-id"];

function toHeaders(init: HeadersInit | undefined): UndiciHeaders {
  const out = new UndiciHeaders();
  if (!init) return out;
  new Headers(init).forEach((value, key) => out.set(key, value));
  return out;
}

function capBody(res: UndiciResponse, maxBytes: number): UndiciResponse {
  if (!res.body) return res;
  let seen = 0;
  const body = res.body as unknown as ReadableStream<Uint8Array>;
  const limited = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes)
          controller.error(
            new AppError("INVALID_MCP_SERVER", `the server sent more than ${maxBytes} bytes in one response`),
          );
        else controller.enqueue(chunk);
      },
    }),
  );
  const capped = new UndiciResponse(limited as never, {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  });
  Object.defineProperty(capped, "url", { value: res.url });
  return capped;
}

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** A fetch for user-supplied URLs that enforces the outbound rules on every hop. */
export function createSafeFetch(opts: SafeFetchOptions): FetchLike {
  const sensitive = new Set([...ALWAYS_SENSITIVE, ...(opts.sensitiveHeaders ?? []).map((h) => h.toLowerCase())]);
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const dispatcher = agentFor(opts.policy);

  const once = async (url: URL, init: RequestInit, headers: UndiciHeaders, redirect: "manual" | "error") => {
    checkUrl(url, opts.policy);
    const signals = [init.signal, opts.signal].filter((s): s is AbortSignal => Boolean(s));
    const started = performance.now();
    let res: UndiciResponse;
    try {
      res = await undiciFetch(url, {
        method: init.method,
        headers,
        body: init.body as never,
        redirect,
        signal: signals.length ? AbortSignal.any(signals) : undefined,
        dispatcher,
      });
    } catch (err) {
      // A refusal from the DNS hook arrives wrapped in fetch's generic TypeError.
      const refusal = (err as { cause?: unknown }).cause;
      throw refusal instanceof UrlNotAllowedError ? refusal : err;
    }
    opts.onResponse?.({
      url: url.href,
      status: res.status,
      headers: res.headers,
      elapsedMs: performance.now() - started,
    });
    return res;
  };

  return async (input, init = {}) => {
    let url = new URL(typeof input === "string" ? input : input.href);
    const headers = toHeaders(init.headers);
    let method = init.method ?? "GET";
    let body = init.body;
    const callerHandlesRedirects = init.redirect === "manual" || init.redirect === "error";
    for (let hop = 0; ; hop++) {
      const res = await once(
        url,
        { ...init, method, body },
        headers,
        callerHandlesRedirects && init.redirect === "error" ? "error" : "manual",
      );
      const location = res.status >= 300 && res.status < 400 ? res.headers.get("location") : null;
      if (!location) return capBody(res, maxBody) as unknown as Response;
      const target = new URL(location, url);
      // Refuse a redirect to a forbidden place even when the caller would not follow it:
      // the user learns why instead of a vague failure.
      checkUrl(target, opts.policy);
      if (callerHandlesRedirects) return capBody(res, maxBody) as unknown as Response;
      if (hop + 1 > MAX_REDIRECTS) throw new AppError("INVALID_MCP_SERVER", `more than ${MAX_REDIRECTS} redirects`);
      await res.body?.cancel();
      const crossOrigin = target.origin !== url.origin;
      // 307 and 308 keep the method and body: a form or token request must not be
      // re-sent to a server the user never named.
      if (crossOrigin && (res.status === 307 || res.status === 308) && body != null)
        throw new UrlNotAllowedError(
          `${url.host} redirected a request with a body to another origin (${target.host}); it was not sent there. Use the final address instead`,
        );
      if (crossOrigin) for (const name of sensitive) headers.delete(name);
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === "POST")) {
        method = "GET";
        body = undefined;
        headers.delete("content-type");
      }
      url = target;
    }
  };
}
