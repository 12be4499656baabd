// Route handlers outside tRPC: the OAuth popup callback and file downloads.
import { appUrl } from "@/env";
import { AppError } from "@/lib/errors";
import { ExportFormat, ExportKind } from "@/lib/schemas/tools";
import { currentUser } from "@/server/auth/session";
import { prepareDatabase } from "@/server/db/client";
import { findExportedResult } from "@/server/db/tools";
import { logger, newRequestId, withRequestContext } from "@/server/log";
import { exportStream, resultToCsv } from "@/server/tools/export";
import { completeGmailAuthorization } from "@/server/tools/gmail";
import { completeConnectorOAuth } from "@/server/connectors/oauth/flow";
import { clientMetadataDocument } from "@/server/connectors/oauth/provider";

const SECURITY_HEADERS = { "x-content-type-options": "nosniff", "cache-control": "no-store" };

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page the OAuth popup lands on: tells the opener how it went, then closes. */
function popupPage(
  ok: boolean,
  message: string,
  extra: Record<string, unknown> = { toolId: "gmail" },
  title = "Gmail",
): Response {
  const origin = new URL(appUrl()).origin;
  const payload = JSON.stringify({ type: "connectors:oauth", ...extra, ok, message }).replace(/</g, "\\u003c");
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family: system-ui, sans-serif; padding: 2rem">
<p id="msg">${escapeHtml(message)}</p><p><a href="/dashboard/schema-agent">Back to Connectors</a></p>
<script>
  if (window.opener) { window.opener.postMessage(${payload}, ${JSON.stringify(origin)}); window.close(); }
</script></body></html>`;
  return new Response(html, {
    status: ok ? 200 : 400,
    headers: { "content-type": "text/html; charset=utf-8", ...SECURITY_HEADERS },
  });
}

export async function handleGmailCallback(req: Request): Promise<Response> {
  await prepareDatabase();
  const user = await currentUser();
  if (!user) return popupPage(false, "Sign in to Connectors first, then connect Gmail again.");
  const params = new URL(req.url).searchParams;
  return withRequestContext({ requestId: newRequestId(), userId: user.id }, async () => {
    try {
      const { account } = await completeGmailAuthorization(user.id, {
        code: params.get("code"),
        state: params.get("state"),
        error: params.get("error"),
      });
      return popupPage(true, account ? `Gmail connected as ${account}.` : "Gmail connected.");
    } catch (err) {
      if (err instanceof AppError) {
        logger().info(
          { event: "tool.connect", toolId: "gmail", outcome: "failed", code: err.code },
          "gmail connect failed",
        );
        return popupPage(false, err.message);
      }
      logger().error({ event: "tool.connect", toolId: "gmail", outcome: "error", err }, "gmail connect failed");
      return popupPage(false, "Connecting Gmail failed. Please try again.");
    }
  });
}

/** The connector sign-in popup's landing page (see src/server/connectors/oauth/flow.ts). */
export async function handleConnectorOAuthCallback(req: Request): Promise<Response> {
  await prepareDatabase();
  const title = "Connector sign-in";
  const user = await currentUser();
  const params = new URL(req.url).searchParams;
  if (!user) {
    const message = "Your Connectors session ended: sign in to Connectors, then sign the connector in again.";
    return popupPage(false, message, { kind: "connector", attemptId: params.get("state") }, title);
  }
  return withRequestContext({ requestId: newRequestId(), userId: user.id }, async () => {
    try {
      const done = await completeConnectorOAuth(user.id, params);
      const message = done.account
        ? `Signed in as ${done.account}. You can close this window.`
        : "Signed in. You can close this window.";
      return popupPage(
        true,
        message,
        { kind: "connector", attemptId: done.attemptId, connectorId: done.connectorId, account: done.account },
        title,
      );
    } catch (err) {
      const known = err instanceof AppError;
      logger()[known ? "info" : "error"](
        {
          event: "connector.oauth_complete",
          outcome: "failed",
          code: known ? err.code : "INTERNAL",
          ...(known ? {} : { err }),
        },
        "connector sign-in failed",
      );
      return popupPage(
        false,
        known ? err.message : "The sign-in could not be completed. Please try again.",
        { kind: "connector", attemptId: params.get("state") },
        title,
      );
    }
  });
}

/** This app's OAuth Client ID Metadata Document: its URL is the client id. */
export function handleClientMetadata(): Response {
  return new Response(JSON.stringify(clientMetadataDocument(), null, 2), {
    headers: { "content-type": "application/json", "cache-control": "public, max-age=3600" },
  });
}

function attachment(name: string, type: string): Record<string, string> {
  return { "content-type": type, "content-disposition": `attachment; filename="${name}"`, ...SECURITY_HEADERS };
}

export async function handleExport(req: Request): Promise<Response> {
  await prepareDatabase();
  const user = await currentUser();
  if (!user) return new Response("Sign in to download your data.", { status: 401, headers: SECURITY_HEADERS });
  const params = new URL(req.url).searchParams;
  const kind = ExportKind.safeParse(params.get("kind") ?? "tool_calls");
  const format = ExportFormat.safeParse(params.get("format") ?? "json");
  if (!kind.success || !format.success)
    return new Response("kind must be tool_calls or conversations; format must be json or csv.", {
      status: 400,
      headers: SECURITY_HEADERS,
    });
  logger().info({ event: "export.download", userId: user.id, kind: kind.data, format: format.data }, "export started");
  const day = new Date().toISOString().slice(0, 10);
  return new Response(exportStream(user.id, kind.data, format.data), {
    headers: attachment(
      `${kind.data.replace("_", "-")}-${day}.${format.data}`,
      format.data === "csv" ? "text/csv; charset=utf-8" : "application/json",
    ),
  });
}

export async function handleExportedResult(req: Request, id: string): Promise<Response> {
  await prepareDatabase();
  const user = await currentUser();
  if (!user) return new Response("Sign in to download your data.", { status: 401, headers: SECURITY_HEADERS });
  const result = await findExportedResult(user.id, id);
  if (!result) return new Response("Not found.", { status: 404, headers: SECURITY_HEADERS });
  const format = new URL(req.url).searchParams.get("format") === "csv" ? "csv" : "json";
  const name = result.title.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 80) || "export";
  return format === "csv"
    ? new Response(resultToCsv(result.content), { headers: attachment(`${name}.csv`, "text/csv; charset=utf-8") })
    : new Response(JSON.stringify(result.content, null, 2), {
        headers: attachment(`${name}.json`, "application/json"),
      });
}
