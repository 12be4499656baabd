// GET /api/mcp-apps/frame?connectorId=…&uri=ui://…: an MCP App's HTML, served to the chat's
// sandboxed iframe with the app's own content security policy (see app-meta.ts). The
// resource is read for the signed-in owner of the connector on its pooled connection.
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import type { AppPermission, AppSandbox } from "@/lib/schemas/mcp-apps";
import { withSignedInUser } from "@/server/auth/request";
import {
  appCspOf,
  appFramePolicy,
  appPermissionsOf,
  appPermissionsPolicy,
  isAppUri,
  type AppCsp,
} from "@/server/connectors/app-meta";
import { MCP_APP_MIME_TYPE } from "@/server/connectors/mcp-handlers";
import { onConnection, usableConnector } from "@/server/connectors/resources";
import { logger } from "@/server/platform/log";

/** An app is a page of HTML, scripts inline: a few megabytes at most. */
export const MAX_APP_HTML_BYTES = 2 * 1024 * 1024;

export type AppHtml = { html: string; csp: AppCsp; permissions: AppPermission[] };

export async function readAppHtml(userId: string, connectorId: string, uri: string): Promise<AppHtml> {
  if (!isAppUri(uri)) throw new AppError("VALIDATION", "An MCP App's address starts with ui://.");
  const c = await usableConnector(userId, connectorId);
  const result = await onConnection(c, (conn, signal) =>
    conn.client.readResource({ uri }, { signal, timeout: env().TOOL_CALL_TIMEOUT_MS }),
  );
  const item = result.contents.find((x) => x.uri === uri) ?? result.contents[0];
  if (!item) throw new AppError("TOOL_ERROR", `${c.name} returned nothing for its app.`);
  const mime = (item.mimeType ?? "").replace(/\s+/g, "").toLowerCase();
  if (mime !== MCP_APP_MIME_TYPE && mime !== "text/html")
    throw new AppError("TOOL_ERROR", `${c.name}'s app is not HTML (${(item.mimeType ?? "no type").slice(0, 80)}).`);
  // The SDK has checked that an item carries either text or a base64 blob.
  const html = "text" in item ? String(item.text) : Buffer.from(item.blob, "base64").toString("utf8");
  if (Buffer.byteLength(html) > MAX_APP_HTML_BYTES)
    throw new AppError("TOOL_ERROR", `${c.name}'s app is larger than ${MAX_APP_HTML_BYTES / 1024 / 1024} MB.`);
  return { html, csp: appCspOf(item._meta), permissions: appPermissionsOf(item._meta) };
}

/**
 * What the chat grants an app before loading it: the frame's `allow` attribute, the notice
 * the user reads and the app's host capabilities all come from here. The frame route reads
 * the resource again and allows the same list in its own Permissions-Policy.
 */
export async function appSandbox(userId: string, connectorId: string, uri: string): Promise<AppSandbox> {
  const { csp, permissions } = await readAppHtml(userId, connectorId, uri);
  return { csp, permissions };
}

const FRAME_HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Resource-Policy": "same-origin",
  // Nothing is allowed unless the app's server declared it (see handleAppFrame).
  "Permissions-Policy": appPermissionsPolicy([]),
};

function message(status: number, text: string): Response {
  // Plain text under the same lock-down: nothing from a server is ever shown as markup here.
  return new Response(text, {
    status,
    headers: {
      ...FRAME_HEADERS,
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Security-Policy": "default-src 'none'; sandbox; frame-ancestors 'self'",
    },
  });
}

export async function handleAppFrame(req: Request): Promise<Response> {
  const params = new URL(req.url).searchParams;
  const connectorId = params.get("connectorId") ?? "";
  const uri = params.get("uri") ?? "";
  return withSignedInUser(
    req,
    () => message(401, "Sign in to Connectors to see this app."),
    async (user) => {
      try {
        const app = await readAppHtml(user.id, connectorId, uri);
        return new Response(app.html, {
          status: 200,
          headers: {
            ...FRAME_HEADERS,
            "Content-Security-Policy": appFramePolicy(app.csp),
            "Permissions-Policy": appPermissionsPolicy(app.permissions),
          },
        });
      } catch (err) {
        if (err instanceof AppError)
          return message(err.code === "NOT_FOUND" ? 404 : err.code === "VALIDATION" ? 400 : 502, err.message);
        logger().warn({ event: "mcp_app.frame", userId: user.id, connectorId, err }, "app could not be loaded");
        return message(502, "The app could not be loaded from its server.");
      }
    },
  );
}
