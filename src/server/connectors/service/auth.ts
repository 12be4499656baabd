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
 * Completes auth settings from a form: stored secrets fill what was left out (same origin
 * only); OAuth uses a finished sign-in for this URL, or the saved one for the saved URL.
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
  const auth = resolveAuth(input, stored, existing ? !sameOrigin(existing.url, url) : false);
  return { mcp: auth, store: auth };
}

export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

export function missingSecret(what: string, originChanged: boolean): AppError {
  return new AppError(
    "VALIDATION",
    originChanged
      ? `Enter the ${what} again: saved secrets are only sent to the server they were saved for.`
      : `Enter the ${what}.`,
  );
}

/**
 * Completes auth settings from a form with the stored secrets. Stored secrets are reused
 * only for the same origin, so changing the URL cannot send them to another server.
 */
export function resolveAuth(
  input: Exclude<ConnectorAuthInput, { type: "oauth" }>,
  stored: StaticAuth | null,
  originChanged: boolean,
): StaticAuth {
  const keep = originChanged ? null : stored;
  switch (input.type) {
    case "none":
      return input;
    case "bearer": {
      const token = input.token ?? (keep?.type === "bearer" ? keep.token : undefined);
      if (!token) throw missingSecret("token", originChanged && stored?.type === "bearer");
      return { type: "bearer", token };
    }
    case "api_key": {
      const value = input.value ?? (keep?.type === "api_key" ? keep.value : undefined);
      if (!value) throw missingSecret("API key", originChanged && stored?.type === "api_key");
      return { type: "api_key", header: input.header, value };
    }
    case "headers": {
      const previous = keep?.type === "headers" ? keep.headers : [];
      return {
        type: "headers",
        headers: input.headers.map((h) => {
          const value = h.value ?? previous.find((p) => p.name.toLowerCase() === h.name.toLowerCase())?.value;
          if (!value) throw missingSecret(`value of header ${h.name}`, originChanged && stored?.type === "headers");
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
