// Routes of OAuth connectors outside tRPC: the sign-in popup's callback and this app's
// OAuth Client ID Metadata Document.
import { AppError } from "@/lib/errors";
import { withSignedInUser } from "@/server/auth/request";
import { completeConnectorOAuth } from "@/server/connectors/oauth-flow";
import { popupPage } from "@/server/oauth/popup";
import { clientMetadataDocument } from "@/server/oauth/provider";
import { logger } from "@/server/platform/log";

function connectorPopup(ok: boolean, message: string, payload: Record<string, unknown>): Response {
  return popupPage({
    ok,
    message,
    title: "Connector sign-in",
    back: { href: "/dashboard", label: "Back to Connectors" },
    payload: { kind: "connector", ...payload },
  });
}

/**
 * The connector sign-in popup's landing page, at the shared callback address or at an
 * issuer's own one (see src/server/connectors/oauth-flow.ts).
 */
export async function handleConnectorOAuthCallback(req: Request): Promise<Response> {
  const params = new URL(req.url).searchParams;
  return withSignedInUser(
    req,
    () =>
      connectorPopup(false, "Your Connectors session ended: sign in to Connectors, then sign the connector in again.", {
        attemptId: params.get("state"),
      }),
    async (user) => {
      try {
        const done = await completeConnectorOAuth(user.id, params, new URL(req.url).pathname);
        const message = done.account
          ? `Signed in as ${done.account}. You can close this window.`
          : "Signed in. You can close this window.";
        return connectorPopup(true, message, {
          attemptId: done.attemptId,
          connectorId: done.connectorId,
          account: done.account,
        });
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
        return connectorPopup(false, known ? err.message : "The sign-in could not be completed. Please try again.", {
          attemptId: params.get("state"),
        });
      }
    },
  );
}

/** This app's OAuth Client ID Metadata Document: its URL is the client id. */
export function handleClientMetadata(): Response {
  return new Response(JSON.stringify(clientMetadataDocument(), null, 2), {
    headers: { "content-type": "application/json", "cache-control": "public, max-age=3600" },
  });
}
