// What each encrypted value is bound to (the associated data of AES-GCM): a ciphertext
// copied to another row, user or purpose does not decrypt. Key rotation re-encrypts
// with the same bindings, so they are named once, here.
import type { CredentialBinding } from "@/server/platform/encryption";

/** A connector's credentials (static secrets or OAuth tokens). */
export function connectorBinding(userId: string, connectorId: string): CredentialBinding {
  return { userId, subjectId: connectorId };
}

/** A connector URL that carries a secret (its full form). */
export function connectorUrlBinding(userId: string, connectorId: string): CredentialBinding {
  return { userId, subjectId: `connector-url:${connectorId}` };
}

/** A user database's password. */
export function databaseBinding(userId: string, databaseId: string): CredentialBinding {
  return { userId, subjectId: `database:${databaseId}` };
}

/** A system tool's tokens (a connector uses its own id). */
export function toolTokenBinding(userId: string, toolId: string): CredentialBinding {
  return { userId, subjectId: `tool:${toolId}` };
}

/** A client registered with an authorization server (shared by all users). */
export function oauthClientBinding(issuer: string, redirectUri: string): CredentialBinding {
  return { userId: "app", subjectId: `oauth-client:${issuer}|${redirectUri}` };
}

/** A sign-in in progress: its client, metadata and, once finished, its tokens. */
export function oauthAttemptBinding(userId: string, state: string): CredentialBinding {
  return { userId, subjectId: `oauth-attempt:${state}` };
}

/** The tokens GitHub or Google gave at sign-in (next-auth's linked account). */
export function signInTokensBinding(userId: string, provider: string, providerAccountId: string): CredentialBinding {
  return { userId, subjectId: `sign-in:${provider}:${providerAccountId}` };
}
