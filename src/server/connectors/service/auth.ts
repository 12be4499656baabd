// A connector's authentication: what is stored (encrypted), how connections use it, and
// how a form's settings are completed with stored secrets without ever sending them elsewhere.
import { AppError } from "@/lib/errors";
import { type ConnectorAuthInput } from "@/lib/schemas/connectors";
import type { McpAuth, StaticAuth } from "@/server/connectors/mcp-client";
import { attemptCredentials, sameUrl } from "@/server/connectors/oauth-flow";
import {
  connectorTokenSource,
  readOAuthMeta,
  staticTokenSource,
  type OAuthCredentials,
} from "@/server/connectors/oauth-tokens";
import { type ConnectorRecord } from "@/server/db/connectors";
import { decryptCredentials } from "@/server/platform/encryption";

/** What a connector stores (encrypted): fixed auth settings, or an OAuth sign-in. */
export type StoredAuth = StaticAuth | OAuthCredentials;

/** What reading a connector's credentials needs of its row. */
type AuthRow = Pick<ConnectorRecord, "id" | "userId" | "authType" | "encryptedCredentials">;

export function storedAuth(row: AuthRow): StoredAuth {
  if (!row.encryptedCredentials) return { type: "none" };
  return decryptCredentials<StoredAuth>(row.encryptedCredentials, { userId: row.userId, subjectId: row.id });
}

/** How a saved connector authenticates its connections (OAuth tokens are read per request). */
export function connectionAuth(row: AuthRow): McpAuth {
  if (row.authType === "oauth") return { type: "oauth", source: connectorTokenSource(row.userId, row.id) };
  return storedAuth(row) as StaticAuth;
}

/** Settings to test and, if the test passes, to store; `attemptId` is a sign-in to use up. */
export type PreparedAuth = {
  mcp: McpAuth;
  store: StoredAuth;
  account?: string;
  attemptId?: string;
  unchanged?: boolean;
};

/**
 * Completes auth settings from a form: stored secrets fill what was left out (for the
 * exact saved URL only); OAuth uses a finished sign-in for this URL, or the saved one for the saved URL.
 */
export async function prepareAuth(
  userId: string,
  input: ConnectorAuthInput,
  url: string,
  existing: ConnectorRecord | null,
): Promise<PreparedAuth> {
  if (input.type === "oauth") {
    if (input.attemptId) {
      const creds = await attemptCredentials(userId, input.attemptId, url);
      return {
        mcp: { type: "oauth", source: staticTokenSource(creds) },
        store: creds,
        account: creds.tokens.account,
        attemptId: input.attemptId,
      };
    }
    if (existing?.authType === "oauth" && sameUrl(existing.url, url)) {
      const creds = storedAuth(existing) as OAuthCredentials;
      return {
        mcp: connectionAuth(existing),
        store: creds,
        account: readOAuthMeta(existing.authMeta)?.account ?? undefined,
        unchanged: true,
      };
    }
    throw new AppError(
      "VALIDATION",
      existing?.authType === "oauth" ? "The URL changed: sign in again for the new URL." : "Sign in first.",
    );
  }
  const stored = existing && existing.authType !== "oauth" ? (storedAuth(existing) as StaticAuth) : null;
  const auth = resolveAuth(input, stored, existing ? !sameUrl(existing.url, url) : false);
  return { mcp: auth, store: auth };
}

export function missingSecret(what: string, why: string | false): AppError {
  return new AppError("VALIDATION", why ? `Enter the ${what} again: ${why}.` : `Enter the ${what}.`);
}

const URL_CHANGED = "saved secrets are only sent to the exact URL they were saved for";
const HEADER_CHANGED = "a saved secret is only sent under the header name it was saved for";

const sameHeader = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Completes auth settings from a form with the stored secrets. Stored secrets are reused
 * only for the exact saved URL and under the header name they were saved for: another
 * path on the same server, or a header that server echoes, would hand the secret back to
 * whoever edits the form (header names compare as HTTP does, ignoring case).
 */
export function resolveAuth(
  input: Exclude<ConnectorAuthInput, { type: "oauth" }>,
  stored: StaticAuth | null,
  urlChanged: boolean,
): StaticAuth {
  const keep = urlChanged ? null : stored;
  const why = (type: StaticAuth["type"]) => urlChanged && stored?.type === type && URL_CHANGED;
  switch (input.type) {
    case "none":
      return input;
    case "bearer": {
      const token = input.token ?? (keep?.type === "bearer" ? keep.token : undefined);
      if (!token) throw missingSecret("token", why("bearer"));
      return { type: "bearer", token };
    }
    case "api_key": {
      const saved = keep?.type === "api_key" ? keep : undefined;
      const value = input.value ?? (saved && sameHeader(saved.header, input.header) ? saved.value : undefined);
      if (!value) throw missingSecret("API key", why("api_key") || (saved ? HEADER_CHANGED : false));
      return { type: "api_key", header: input.header, value };
    }
    case "headers": {
      const previous = keep?.type === "headers" ? keep.headers : [];
      return {
        type: "headers",
        headers: input.headers.map((h) => {
          const value = h.value ?? previous.find((p) => sameHeader(p.name, h.name))?.value;
          if (!value) throw missingSecret(`value of header ${h.name}`, why("headers"));
          return { name: h.name, value };
        }),
      };
    }
  }
}

/** The auth settings as the edit form shows them: everything but the secrets. */
export function withoutSecrets(auth: StoredAuth): ConnectorAuthInput {
  switch (auth.type) {
    case "oauth":
      return { type: "oauth" };
    case "none":
      return auth;
    case "bearer":
      return { type: "bearer" };
    case "api_key":
      return { type: "api_key", header: auth.header };
    case "headers":
      return { type: "headers", headers: auth.headers.map((h) => ({ name: h.name })) };
  }
}
