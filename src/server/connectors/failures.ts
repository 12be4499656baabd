// What went wrong when a connector was tested or used, as one precise code, a message in
// words the user understands and a hint for what to do next. Nothing the server wrote
// (challenge parameters, bodies, error texts) is repeated: a server may quote the
// request's headers there, and the result would hand a saved secret back to the form.
import { AppError } from "@/lib/errors";
import type { ConnectorTestCode } from "@/lib/schemas/connectors";
import { UrlNotAllowedError, type ResponseObservation } from "@/server/platform/outbound";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";

export type Failure = { code: ConnectorTestCode; message: string; hint?: string };

export const HINTS: Record<ConnectorTestCode, string> = {
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

const KNOWN_SCHEMES = ["Bearer", "Basic", "Digest", "DPoP", "Negotiate", "HOBA", "Mutual", "AWS4-HMAC-SHA256"];

const BEARER_ERRORS = ["invalid_token", "invalid_request", "insufficient_scope"]; // RFC 6750 §3.1

/**
 * What a challenge asks for, from a fixed vocabulary: a standard scheme and, for Bearer,
 * a standard error code. Its free-text parameters (realm, error_description) are not shown.
 */
function describeChallenge(challenge: string | null): string | null {
  const first = challenge?.trim().split(/[\s,]/)[0] ?? "";
  const scheme = KNOWN_SCHEMES.find((s) => s.toLowerCase() === first.toLowerCase());
  if (!scheme) return null;
  const error = /\berror\s*=\s*"?([a-z_]+)"?/i.exec(challenge ?? "")?.[1];
  const known = scheme === "Bearer" && error ? BEARER_ERRORS.find((e) => e === error.toLowerCase()) : undefined;
  return `${scheme} authentication${known ? ` (${known})` : ""}`;
}

/** A protocol version the server named (a date, e.g. 2025-06-18); anything else is not shown. */
function namedVersion(message: string): string | null {
  return /\b(\d{4}-\d{2}-\d{2})\b/.exec(message)?.[1] ?? null;
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
    const asks = describeChallenge(denied.headers.get("www-authenticate"));
    const what =
      denied.status === 401
        ? "401 Unauthorized: the server did not accept the credentials"
        : "403 Forbidden: the credentials are not allowed to use this server";
    return { code: "AUTH_FAILED", message: `${what}.${asks ? ` It asks for ${asks}.` : ""}` };
  }
  const sysCode = errors.map((e) => (e as { code?: unknown }).code).find((c): c is string => typeof c === "string");
  if (sysCode === "ENOTFOUND" || sysCode === "EAI_AGAIN") {
    return {
      code: "INVALID_URL",
      message: `No server named ${url.hostname} could be found.`,
      hint: "Check the host name for typos.",
    };
  }
  // fetch never connects to a few reserved ports (1, 7, 9, 25, …) and says only "bad port".
  if (errors.some((e) => e instanceof Error && e.message === "bad port"))
    return {
      code: "INVALID_URL",
      message: `The connection to ${url.host} was refused: port ${url.port} is reserved and never used for web requests.`,
      hint: "Check the port in the URL: MCP servers usually listen on 443 (https), 80 or a port such as 3000 or 8080.",
    };
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
  const rpcError = errors.find((e): e is McpError => e instanceof McpError);
  if (last && last.status >= 400)
    return { code: "INVALID_MCP_SERVER", message: `The server answered HTTP ${last.status}, not an MCP response.` };
  if (/protocol version/i.test(message) && !rpcError) {
    const version = namedVersion(message);
    return {
      code: "INVALID_MCP_SERVER",
      message: `The server speaks an MCP protocol version this app does not support${version ? ` (${version})` : ""}.`,
      hint: "Update the server to a current MCP SDK.",
    };
  }
  if (rpcError)
    return {
      code: "INVALID_MCP_SERVER",
      message: `The server did not answer like an MCP server: it answered with an error (JSON-RPC code ${rpcError.code}).`,
    };
  const what = errors.some((e) => e instanceof SyntaxError) ? "its answer is not JSON" : "its answer is not MCP";
  return { code: "INVALID_MCP_SERVER", message: `The server did not answer like an MCP server: ${what}.` };
}
