// The connection test: every step a connector goes through, timed, with one precise code
// when it fails. It never throws for anything the remote server does.
import { env } from "@/env";
import type {
  ConnectorTestResponse,
  DiscoveredTool,
  TestStep,
  TestStepName,
  TransportKind,
} from "@/lib/schemas/connectors";
import { connectMcp, listAllTools, type McpAuth, type McpConnection } from "@/server/connectors/mcp-client";
import { TEST_HANDLERS, type McpHandlers } from "@/server/connectors/mcp-handlers";
import { discoverOAuth } from "@/server/oauth/discovery";
import { deadlineSignal, type DeadlineSignal } from "@/server/platform/deadline";
import {
  addressRefusal,
  checkUrl,
  configuredPolicy,
  UrlNotAllowedError,
  type OutboundPolicy,
  type ResponseObservation,
} from "@/server/platform/outbound";
import dns from "node:dns/promises";

import { classifyFailure, HINTS, type Failure } from "@/server/connectors/failures";
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
  /** The capabilities to test with, as the chat would connect (see mcp-handlers.ts). */
  handlers?: McpHandlers;
  /** The person cancelled (or left): the test stops at once and rejects with the reason. */
  signal?: AbortSignal;
};

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
    // Default endpoints are a guess (MCP 2025-03-26): offered only to a user who picks OAuth.
    if (found.legacy === "default-endpoints") return undefined;
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
  const deadline = deadlineSignal(timeoutMs);
  // One signal for every request: the deadline, or the caller cancelling. It keeps the
  // deadline so the SDK is still told how much time is left.
  const signal: DeadlineSignal = input.signal
    ? Object.assign(AbortSignal.any([deadline, input.signal]), { deadline: deadline.deadline })
    : deadline;
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
      const failure = classifyFailure(err, responses, url, deadline.aborted, timeoutMs);
      clock.record("url_check", "failed", failure.message);
      return finish(failure);
    }

    let firstResponseSeen = false;
    const onResponse = (o: ResponseObservation) => {
      responses.push(o);
      if (firstResponseSeen) return;
      // An error status is no proof of a working endpoint (a check mark on "HTTP 404"
      // misleads), yet an old SSE server answers the first POST with 405 and then works:
      // the connect step waits for an answer that is not an error, or for the failure.
      if (o.status >= 400 && o.status !== 401 && o.status !== 403) return;
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
        handlers: input.handlers ?? TEST_HANDLERS,
      });
      if (done) void conn.close(); // the backstop already answered
      if (!firstResponseSeen) onResponse({ url: url.href, status: 200, headers: new Headers(), elapsedMs: 0 });
      clock.record("handshake", "ok", conn.server ? `${conn.server.name} ${conn.server.version}` : undefined);
    } catch (err) {
      const failure = classifyFailure(err, responses, url, deadline.aborted, timeoutMs);
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
      const failure = classifyFailure(err, responses, url, deadline.aborted, timeoutMs);
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
  const cancelled = new Promise<never>((_, reject) => {
    const stop = input.signal;
    if (!stop) return;
    if (stop.aborted) reject(stop.reason as Error);
    else stop.addEventListener("abort", () => reject(stop.reason as Error), { once: true });
  });
  try {
    return await Promise.race([run(), backstop, cancelled]);
  } finally {
    done = true;
    clearTimeout(timer);
    void conn?.close();
  }
}
