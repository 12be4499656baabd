// What went wrong when a connector was tested or used, as one precise code, a message in
// words the user understands and a hint for what to do next.
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
