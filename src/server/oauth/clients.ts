// Which OAuth client to sign in with at an authorization server, and the clients the
// app registered dynamically (kept encrypted, one per issuer and redirect URI, reused by
// every user signing in there).
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import { findOAuthClient, saveOAuthClient } from "@/server/db/oauth-clients";
import type { OAuthClientInfo } from "@/server/oauth/client";
import type { AuthServerMetadata } from "@/server/oauth/discovery";
import { clientMetadataUrl, type ClientChoice } from "@/server/oauth/provider";
import { oauthClientBinding } from "@/server/platform/bindings";
import { decryptCredentials, encryptCredentials } from "@/server/platform/encryption";

/**
 * The client to sign in with, in the specification's order: one the user entered (now or
 * before, for this sign-in), one the administrator configured, this app's Client ID
 * Metadata Document, a client registered with this server earlier. Undefined leaves the
 * choice between the metadata document and a new registration to the SDK's auth().
 */
export async function chooseClient(
  as: AuthServerMetadata,
  redirectUri: string,
  opts: { entered?: OAuthClientInfo; previous?: ClientChoice },
): Promise<ClientChoice | undefined> {
  if (opts.entered) return { ...opts.entered, source: "entered" };
  if (opts.previous?.source === "entered") return opts.previous;
  const configured = env().OAUTH_CLIENTS[as.issuer] ?? env().OAUTH_CLIENTS[as.issuer.replace(/\/$/, "")];
  if (configured)
    return {
      clientId: configured.clientId,
      ...(configured.clientSecret ? { clientSecret: configured.clientSecret } : {}),
      source: "administrator",
    };
  if (clientMetadataUrl() && as.client_id_metadata_document_supported === true) return undefined;
  const stored = await findOAuthClient(as.issuer, redirectUri);
  if (stored)
    return {
      ...decryptCredentials<OAuthClientInfo>(stored.encryptedClient, oauthClientBinding(as.issuer, redirectUri)),
      source: "registered",
    };
  if (!as.registration_endpoint) {
    throw new AppError(
      "OAUTH_FAILED",
      "The authorization server does not support dynamic client registration; enter a client id from its administrator.",
    );
  }
  return undefined;
}

/** Keeps a client the SDK registered, so everyone signing in at this server reuses it. */
export async function keepRegisteredClient(issuer: string, redirectUri: string, client: ClientChoice): Promise<void> {
  const enc = encryptCredentials(
    { clientId: client.clientId, ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}) },
    oauthClientBinding(issuer, redirectUri),
  );
  // A concurrent registration may have been kept first; later sign-ins use that one.
  await saveOAuthClient({ issuer, redirectUri, encryptedClient: enc.ciphertext, keyVersion: enc.keyVersion });
}
