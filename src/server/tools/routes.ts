// Routes of the system tools outside tRPC: Gmail's OAuth popup callback and the
// downloads of exports and exported results.
import { AppError } from "@/lib/errors";
import { ExportFormat, ExportKind } from "@/lib/schemas/tools";
import { withSignedInUser } from "@/server/auth/request";
import { findExportedResult } from "@/server/db/exports";
import { popupPage } from "@/server/oauth/popup";
import { logger } from "@/server/platform/log";
import { exportStream, resultToCsv, resultToJson } from "@/server/tools/export";
import { completeGmailAuthorization } from "@/server/tools/gmail/oauth";

const SECURITY_HEADERS = { "x-content-type-options": "nosniff", "cache-control": "no-store" };

function gmailPopup(ok: boolean, message: string): Response {
  return popupPage({
    ok,
    message,
    title: "Gmail",
    back: { href: "/dashboard/schema-agent", label: "Back to the agent" },
    payload: { toolId: "gmail" },
  });
}

export async function handleGmailCallback(req: Request): Promise<Response> {
  const params = new URL(req.url).searchParams;
  return withSignedInUser(
    req,
    () => gmailPopup(false, "Sign in to Connectors first, then connect Gmail again."),
    async (user) => {
      try {
        const { account } = await completeGmailAuthorization(user.id, {
          code: params.get("code"),
          state: params.get("state"),
          error: params.get("error"),
        });
        return gmailPopup(true, account ? `Gmail connected as ${account}.` : "Gmail connected.");
      } catch (err) {
        if (err instanceof AppError) {
          logger().info(
            { event: "tool.connect", toolId: "gmail", outcome: "failed", code: err.code },
            "gmail connect failed",
          );
          return gmailPopup(false, err.message);
        }
        logger().error({ event: "tool.connect", toolId: "gmail", outcome: "error", err }, "gmail connect failed");
        return gmailPopup(false, "Connecting Gmail failed. Please try again.");
      }
    },
  );
}

function attachment(name: string, type: string): Record<string, string> {
  return { "content-type": type, "content-disposition": `attachment; filename="${name}"`, ...SECURITY_HEADERS };
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: SECURITY_HEADERS });
}

const signedOut = () => plain(401, "Sign in to download your data.");

export async function handleExport(req: Request): Promise<Response> {
  return withSignedInUser(req, signedOut, (user) => {
    const params = new URL(req.url).searchParams;
    const kind = ExportKind.safeParse(params.get("kind") ?? "tool_calls");
    const format = ExportFormat.safeParse(params.get("format") ?? "json");
    if (!kind.success || !format.success)
      return plain(400, "kind must be tool_calls or conversations; format must be json or csv.");
    logger().info(
      { event: "export.download", userId: user.id, kind: kind.data, format: format.data },
      "export started",
    );
    const day = new Date().toISOString().slice(0, 10);
    return new Response(exportStream(user.id, kind.data, format.data), {
      headers: attachment(
        `${kind.data.replace("_", "-")}-${day}.${format.data}`,
        format.data === "csv" ? "text/csv; charset=utf-8" : "application/json",
      ),
    });
  });
}

export async function handleExportedResult(req: Request, id: string): Promise<Response> {
  return withSignedInUser(req, signedOut, async (user) => {
    const result = await findExportedResult(user.id, id);
    if (!result) return plain(404, "Not found.");
    const format = new URL(req.url).searchParams.get("format") === "csv" ? "csv" : "json";
    const name = result.title.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 80) || "export";
    return format === "csv"
      ? new Response(resultToCsv(result.content), { headers: attachment(`${name}.csv`, "text/csv; charset=utf-8") })
      : new Response(JSON.stringify(resultToJson(result.content), null, 2), {
          headers: attachment(`${name}.json`, "application/json"),
        });
  });
}
