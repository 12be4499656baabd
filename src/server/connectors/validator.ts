// The connection test: every step a connector goes through, timed, with one precise code
// when it fails. It never throws for anything the remote server does.
import dns from "node:dns/promises";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import type {
  ConnectorTestCode,
  ConnectorTestResponse,
  DiscoveredTool,
  TestStep,
  TestStepName,
  TransportKind,
} from "@/lib/schemas/connectors";
import { connectMcp, deadlineSignal, listAllTools, type McpAuth, type McpConnection } from "./mcp-client";
import { discoverOAuth } from "./oauth/discovery";
import {
  addressRefusal,
  checkUrl,
  configuredPolicy,
  UrlNotAllowedError,
  type OutboundPolicy,
  type ResponseObservation,
} from "./outbound";

export type ValidateInput = {
  url: string;
  auth: McpAuth;
  /** Who an OAuth connection is signed in as, shown at the authenticate step. */
  account?: string;
  transport?: TransportKind | "auto";
  timeoutMs?: number;
  policy?: OutboundPolicy;
  /** Called as each step finishes, for live progress. */
  onStep?: (step: TestStep) => void;
};

type Failure = { code: ConnectorTestCode; message: string; hint?: string };

const HINTS: Record<ConnectorTestCode, string> = {
  INVALID_URL: "Enter the full address of the MCP endpoint, for example https://mcp.example.com/mcp.",
  URL_NOT_ALLOWED: "Use the server's public address. An administrator can allow internal hosts with OUTBOUND_ALLOW.",
  TIMEOUT: "Check that the server is running and reachable from this app, then test again.",
  AUTH_FAILED: "Check the token or API key and the auth type the server expects.",
  INVALID_MCP_SERVER: "Check the path: MCP servers usually answer at /mcp (or /sse for older ones).",
  NO_TOOLS: "The server works but offers no tools yet; you can still save it.",
};

function chain(err: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e = err, i = 0; e && i < 8; e = (e as { cause?: unknown }).cause, i++) out.push(e);
  return out;
}

function short(text: string, max = 300): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

const TLS_CODES = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL)/;

export function classifyFailure(
  err: unknown,
  responses: ResponseObservation[],
  url: URL,
  timedOut: boolean,
  timeoutMs: number,
): Failure {
  const seconds = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 100) / 10} s` : `${timeoutMs} ms`;
  const errors = chain(err);
  const sdkTimeout = errors.some((e) => e instanceof McpError && e.code === Number(ErrorCode.RequestTimeout));
  if (timedOut || sdkTimeout)
    return { code: "TIMEOUT", message: `The server did not answer completely within ${seconds}.` };
  const refused = errors.find((e): e is UrlNotAllowedError => e instanceof UrlNotAllowedError);
  if (refused) return { code: "URL_NOT_ALLOWED", message: refused.message };
  const appErr = errors.find((e): e is AppError => e instanceof AppError);
  if (appErr?.code === "OAUTH_REAUTH_REQUIRED")
    return { code: "AUTH_FAILED", message: appErr.message, hint: "Sign in again to renew the connector's access." };
  const denied = responses.find((r) => r.status === 401 || r.status === 403);
  if (denied) {
    const challenge = denied.headers.get("www-authenticate");
    const what =
      denied.status === 401
        ? "401 Unauthorized: the server did not accept the credentials"
        : "403 Forbidden: the credentials are not allowed to use this server";
    return { code: "AUTH_FAILED", message: `${what}.${challenge ? ` It asks for: ${short(challenge, 200)}` : ""}` };
  }
  const sysCode = errors.map((e) => (e as { code?: unknown }).code).find((c): c is string => typeof c === "string");
  if (sysCode === "ENOTFOUND" || sysCode === "EAI_AGAIN") {
    return {
      code: "INVALID_URL",
      message: `No server named ${url.hostname} could be found.`,
      hint: "Check the host name for typos.",
    };
  }
  if (sysCode === "ECONNREFUSED")
    return {
      code: "INVALID_MCP_SERVER",
      message: `Nothing is listening at ${url.host} (connection refused).`,
      hint: "Check the port and that the server is running.",
    };
  if (sysCode === "ECONNRESET" || sysCode === "UND_ERR_SOCKET")
    return { code: "INVALID_MCP_SERVER", message: "The server closed the connection before answering." };
  if (sysCode && TLS_CODES.test(sysCode))
    return {
      code: "INVALID_MCP_SERVER",
      message: `The secure connection failed (${sysCode}).`,
      hint: "The server's TLS certificate must be valid for its host name.",
    };
  if (appErr) return { code: appErr.code === "TIMEOUT" ? "TIMEOUT" : "INVALID_MCP_SERVER", message: appErr.message };
  const last = responses.at(-1);
  if (last && last.status >= 500)
    return {
      code: "INVALID_MCP_SERVER",
      message: `The server failed with HTTP ${last.status}.`,
      hint: "The server has an internal problem; try again later or contact its operator.",
    };
  if (last && last.status === 404)
    return { code: "INVALID_MCP_SERVER", message: "The server answered 404 Not Found at this URL." };
  if (last && (last.headers.get("content-type") ?? "").includes("text/html")) {
    return { code: "INVALID_MCP_SERVER", message: "The URL returned a web page, not an MCP endpoint." };
  }
  const message = err instanceof Error ? err.message : String(err);
  if (/stream disconnected|terminated|socket hang up|other side closed/i.test(message)) {
    return { code: "INVALID_MCP_SERVER", message: "The server closed the connection before answering." };
  }
  if (/protocol version/i.test(message))
    return {
      code: "INVALID_MCP_SERVER",
      message: `The server speaks an MCP protocol version this app does not support (${short(message, 150)}).`,
      hint: "Update the server to a current MCP SDK.",
    };
  if (last && last.status >= 400)
    return { code: "INVALID_MCP_SERVER", message: `The server answered HTTP ${last.status}, not an MCP response.` };
  return {
    code: "INVALID_MCP_SERVER",
    message: `The server did not answer like an MCP server: ${short(message, 200)}`,
  };
}

class StepClock {
  readonly steps: TestStep[] = [];
  private last = performance.now();
  constructor(private readonly onStep?: (s: TestStep) => void) {}

  record(name: TestStepName, status: TestStep["status"], detail?: string, durationMs?: number): void {
    const now = performance.now();
    const step: TestStep = {
      name,
      status,
      durationMs: Math.round(durationMs ?? now - this.last),
      ...(detail ? { detail } : {}),
    };
    this.last = now;
    this.steps.push(step);
    this.onStep?.(step);
  }

  skipRest(): void {
    const all: TestStepName[] = ["url_check", "connect", "authenticate", "handshake", "list_tools"];
    for (const name of all.slice(this.steps.length)) this.record(name, "skipped", undefined, 0);
  }
}

/** Resolves the host once up front so a refused address is reported at the URL step. */
async function checkResolvedAddresses(url: URL, policy: OutboundPolicy): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = await dns.lookup(host, { all: true, verbatim: true });
  for (const a of addresses) {
    const refusal = addressRefusal(a.address, host, policy);
    if (refusal) throw new UrlNotAllowedError(refusal);
  }
}

/**
 * A 401 whose challenge is a Bearer one may mean "sign in with OAuth": run discovery
 * (within what is left of the deadline) and, when it works, tell the form.
 */
async function offerOAuth(
  url: URL,
  responses: ResponseObservation[],
  policy: OutboundPolicy,
  signal: AbortSignal,
): Promise<ConnectorTestResponse["oauth"]> {
  const denied = responses.find((r) => r.status === 401);
  const challenge = denied?.headers.get("www-authenticate");
  if (!challenge || !/^\s*Bearer\b/i.test(challenge) || signal.aborted) return undefined;
  try {
    const found = await discoverOAuth(url, { wwwAuthenticate: challenge, policy, signal });
    return { issuer: found.authServer.issuer, steps: found.steps };
  } catch {
    // Not an OAuth server after all (or a broken one): the plain AUTH_FAILED stands.
    return undefined;
  }
}

export async function validateMcpConnection(input: ValidateInput): Promise<ConnectorTestResponse> {
  const started = performance.now();
  const timeoutMs = input.timeoutMs ?? env().MCP_TEST_TIMEOUT_MS;
  const policy = input.policy ?? configuredPolicy();
  const clock = new StepClock(input.onStep);
  const signal = deadlineSignal(timeoutMs);
  const responses: ResponseObservation[] = [];
  let conn: McpConnection | undefined;
  let done = false;

  const finish = (failure: Failure | null, extra: Partial<ConnectorTestResponse> = {}): ConnectorTestResponse => {
    clock.skipRest();
    return {
      ok: failure === null || failure.code === "NO_TOOLS",
      code: failure?.code ?? null,
      message: failure?.message ?? "Connected.",
      ...(failure ? { hint: failure.hint ?? HINTS[failure.code] } : {}),
      steps: clock.steps,
      server: null,
      transport: null,
      tools: [],
      durationMs: Math.round(performance.now() - started),
      ...(input.account ? { account: input.account } : {}),
      ...extra,
    };
  };

  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    clock.record("url_check", "failed", "not a URL");
    return finish({ code: "INVALID_URL", message: "This is not a valid URL." });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    clock.record("url_check", "failed", url.protocol);
    return finish({
      code: "INVALID_URL",
      message: `Only http:// and https:// URLs are supported, not ${url.protocol}//.`,
    });
  }

  const run = async (): Promise<ConnectorTestResponse> => {
    try {
      checkUrl(url, policy);
      await checkResolvedAddresses(url, policy);
      clock.record("url_check", "ok");
    } catch (err) {
      const failure = classifyFailure(err, responses, url, signal.aborted, timeoutMs);
      clock.record("url_check", "failed", failure.message);
      return finish(failure);
    }

    let firstResponseSeen = false;
    const onResponse = (o: ResponseObservation) => {
      responses.push(o);
      if (firstResponseSeen) return;
      firstResponseSeen = true;
      clock.record("connect", "ok", `HTTP ${o.status}`, o.elapsedMs);
      const denied = o.status === 401 || o.status === 403;
      clock.record(
        "authenticate",
        denied ? "failed" : "ok",
        denied ? `HTTP ${o.status}` : input.account ? `signed in as ${input.account}` : undefined,
        0,
      );
    };

    try {
      conn = await connectMcp({
        url,
        auth: input.auth,
        transport: input.transport ?? "auto",
        signal,
        policy,
        onResponse,
      });
      if (done) void conn.close(); // the backstop already answered
      if (!firstResponseSeen) onResponse({ url: url.href, status: 200, headers: new Headers(), elapsedMs: 0 });
      clock.record("handshake", "ok", conn.server ? `${conn.server.name} ${conn.server.version}` : undefined);
    } catch (err) {
      const failure = classifyFailure(err, responses, url, signal.aborted, timeoutMs);
      if (!firstResponseSeen) clock.record("connect", "failed", failure.message);
      else if (failure.code !== "AUTH_FAILED") clock.record("handshake", "failed", failure.message);
      const oauth =
        failure.code === "AUTH_FAILED" && input.auth.type !== "oauth"
          ? await offerOAuth(url, responses, policy, signal)
          : undefined;
      if (oauth) {
        const hint = `This server signs users in with OAuth (${oauth.issuer}). Choose “OAuth sign-in” as the authentication and sign in.`;
        return finish({ ...failure, hint }, { transport: null, oauth });
      }
      return finish(failure, { transport: null });
    }

    const base = { server: conn.server, transport: conn.transport };
    let tools: DiscoveredTool[] = [];
    try {
      if (conn.hasTools) tools = await listAllTools(conn, signal);
    } catch (err) {
      const failure = classifyFailure(err, responses, url, signal.aborted, timeoutMs);
      clock.record("list_tools", "failed", failure.message);
      return finish(failure, base);
    }
    if (tools.length === 0) {
      clock.record("list_tools", "warning", "no tools");
      return finish({ code: "NO_TOOLS", message: "Connected, but the server offers no tools." }, base);
    }
    clock.record("list_tools", "ok", `${tools.length} tool${tools.length === 1 ? "" : "s"}`);
    const as = input.account ? ` as ${input.account}` : "";
    return finish(null, {
      ...base,
      tools,
      message: `Connected${as}: ${tools.length} tool${tools.length === 1 ? "" : "s"} found.`,
    });
  };

  // The SDK honours our abort signal, but a test must end on time whatever any layer
  // does, so the deadline also races the whole run.
  let timer: NodeJS.Timeout | undefined;
  const backstop = new Promise<ConnectorTestResponse>((resolve) => {
    timer = setTimeout(() => resolve(finish(classifyFailure(null, responses, url, true, timeoutMs))), timeoutMs + 200);
  });
  try {
    return await Promise.race([run(), backstop]);
  } finally {
    done = true;
    clearTimeout(timer);
    void conn?.close();
  }
}
