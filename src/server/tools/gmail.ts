// Gmail: OAuth 2.0 authorization code with PKCE (S256), tokens encrypted at rest and
// refreshed before expiry, and three agent tools on the Gmail REST API.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { appUrl, env } from "@/env";
import { AppError } from "@/lib/errors";
import { decryptCredentials, encryptCredentials } from "@/server/connectors/encryption";
import { toolTokenBinding } from "@/server/connectors/key-rotation";
import { createOAuthState, findToolStatus, replaceToolTokens, saveToolStatus, takeOAuthState } from "@/server/db/tools";
import { logger } from "@/server/log";
import { readJson, toolFetch } from "./http";
import type { SystemAgentTool } from "./types";

export const GMAIL_SCOPES = [
  "https://www.googleapis.com/auth/gmail.readonly",
  "https://www.googleapis.com/auth/gmail.send",
];
const PURPOSE = "tool:gmail";
const STATE_TTL_MS = 10 * 60 * 1000;

type GmailTokens = { accessToken: string; refreshToken?: string; expiresAt: number; scope?: string };
type TokenResponse = {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  scope?: string;
  error?: string;
  error_description?: string;
};

export function gmailNotConfigured(): string | null {
  const e = env();
  return e.GMAIL_CLIENT_ID && e.GMAIL_CLIENT_SECRET
    ? null
    : "Not configured: an administrator must set GMAIL_CLIENT_ID and GMAIL_CLIENT_SECRET (a Google OAuth client with the Gmail API enabled).";
}

function config() {
  const reason = gmailNotConfigured();
  if (reason) throw new AppError("TOOL_NOT_CONFIGURED", reason);
  const e = env();
  return {
    clientId: e.GMAIL_CLIENT_ID!,
    clientSecret: e.GMAIL_CLIENT_SECRET!,
    authUrl: e.GMAIL_AUTH_URL,
    tokenUrl: e.GMAIL_TOKEN_URL,
    revokeUrl: e.GMAIL_REVOKE_URL,
    apiUrl: e.GMAIL_API_URL.replace(/\/$/, ""),
  };
}

export function gmailRedirectUri(): string {
  return `${appUrl()}/api/tools/gmail/callback`;
}

export async function startGmailAuthorization(userId: string): Promise<{ authorizeUrl: string }> {
  const c = config();
  const verifier = randomBytes(32).toString("base64url");
  const state = randomBytes(24).toString("base64url");
  const redirectUri = gmailRedirectUri();
  await createOAuthState({
    state,
    userId,
    purpose: PURPOSE,
    codeVerifier: verifier,
    redirectUri,
    expiresAt: new Date(Date.now() + STATE_TTL_MS),
  });
  const url = new URL(c.authUrl);
  url.search = new URLSearchParams({
    client_id: c.clientId,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: GMAIL_SCOPES.join(" "),
    state,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    access_type: "offline",
    prompt: "consent",
  }).toString();
  return { authorizeUrl: url.toString() };
}

async function tokenRequest(params: Record<string, string>): Promise<TokenResponse> {
  const c = config();
  const res = await toolFetch(c.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({ ...params, client_id: c.clientId, client_secret: c.clientSecret }).toString(),
  });
  const body = await readJson<TokenResponse>(res, "Google's token endpoint");
  if (!res.ok || !body.access_token) {
    throw new AppError(
      "AUTH_FAILED",
      `Google refused the token request (${body.error ?? `HTTP ${res.status}`}${body.error_description ? `: ${body.error_description}` : ""}).`,
      {
        details: { oauthError: body.error ?? null },
      },
    );
  }
  return body;
}

function storeTokens(userId: string, tokens: GmailTokens) {
  return encryptCredentials(tokens, toolTokenBinding(userId, "gmail"));
}

export async function completeGmailAuthorization(
  userId: string,
  params: { code?: string | null; state?: string | null; error?: string | null },
): Promise<{ account: string | null }> {
  const pending = params.state ? await takeOAuthState(params.state) : null;
  if (!pending || pending.userId !== userId || pending.purpose !== PURPOSE || pending.expiresAt < new Date()) {
    throw new AppError("VALIDATION", "This sign-in attempt expired or was already used. Start connecting Gmail again.");
  }
  if (params.error)
    throw new AppError(
      "AUTH_FAILED",
      params.error === "access_denied"
        ? "You did not grant access to Gmail."
        : `Google did not grant access (${params.error}).`,
    );
  if (!params.code) throw new AppError("VALIDATION", "Google did not send an authorization code.");
  const c = config();
  const token = await tokenRequest({
    grant_type: "authorization_code",
    code: params.code,
    redirect_uri: pending.redirectUri,
    code_verifier: pending.codeVerifier,
  });
  const tokens: GmailTokens = {
    accessToken: token.access_token!,
    refreshToken: token.refresh_token,
    expiresAt: Date.now() + (token.expires_in ?? 3600) * 1000,
    scope: token.scope,
  };
  let account: string | null = null;
  const profile = await toolFetch(`${c.apiUrl}/gmail/v1/users/me/profile`, {
    headers: { authorization: `Bearer ${tokens.accessToken}` },
  });
  if (profile.ok) account = (await readJson<{ emailAddress?: string }>(profile, "Gmail")).emailAddress ?? null;
  const enc = storeTokens(userId, tokens);
  await saveToolStatus(userId, "gmail", {
    connected: true,
    encryptedTokens: enc.ciphertext,
    keyVersion: enc.keyVersion,
    account,
  });
  logger().info({ event: "tool.connect", userId, toolId: "gmail", outcome: "ok" }, "gmail connected");
  return { account };
}

/** A valid access token, refreshed first when it expires within a minute. */
export async function gmailAccessToken(userId: string): Promise<string> {
  const status = await findToolStatus(userId, "gmail");
  if (!status?.connected || !status.encryptedTokens)
    throw new AppError("NOT_FOUND", "Gmail is not connected. Connect it in the Apps menu.");
  const tokens = decryptCredentials<GmailTokens>(status.encryptedTokens, toolTokenBinding(userId, "gmail"));
  if (tokens.expiresAt - 60_000 > Date.now()) return tokens.accessToken;
  if (!tokens.refreshToken) throw new AppError("AUTH_FAILED", "Gmail access expired. Connect Gmail again.");
  let fresh: TokenResponse;
  try {
    fresh = await tokenRequest({ grant_type: "refresh_token", refresh_token: tokens.refreshToken });
  } catch (err) {
    if (err instanceof AppError && err.details?.oauthError === "invalid_grant") {
      await saveToolStatus(userId, "gmail", { connected: false, encryptedTokens: null, keyVersion: null });
      throw new AppError("AUTH_FAILED", "Gmail access was revoked. Connect Gmail again.");
    }
    throw err;
  }
  const next: GmailTokens = {
    ...tokens,
    accessToken: fresh.access_token!,
    refreshToken: fresh.refresh_token ?? tokens.refreshToken,
    expiresAt: Date.now() + (fresh.expires_in ?? 3600) * 1000,
  };
  const enc = storeTokens(userId, next);
  await replaceToolTokens(userId, "gmail", status.encryptedTokens, enc.ciphertext, enc.keyVersion);
  logger().info({ event: "tool.token_refresh", userId, toolId: "gmail", outcome: "ok" }, "gmail token refreshed");
  return next.accessToken;
}

/** Revokes at Google (best effort) and deletes the tokens. */
export async function disconnectGmail(userId: string): Promise<void> {
  const status = await findToolStatus(userId, "gmail");
  if (status?.encryptedTokens) {
    try {
      const tokens = decryptCredentials<GmailTokens>(status.encryptedTokens, toolTokenBinding(userId, "gmail"));
      const res = await toolFetch(config().revokeUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token: tokens.refreshToken ?? tokens.accessToken }).toString(),
      });
      if (!res.ok)
        logger().warn(
          { event: "tool.revoke", userId, toolId: "gmail", outcome: "failed", status: res.status },
          "gmail revoke failed",
        );
    } catch (err) {
      logger().warn({ event: "tool.revoke", userId, toolId: "gmail", outcome: "failed", err }, "gmail revoke failed");
    }
  }
  await saveToolStatus(userId, "gmail", { connected: false, encryptedTokens: null, keyVersion: null, account: null });
}

async function gmailApi<T>(userId: string, path: string, init: RequestInit = {}): Promise<T> {
  const token = await gmailAccessToken(userId);
  const res = await toolFetch(`${config().apiUrl}/gmail/v1/users/me${path}`, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
  });
  if (res.status === 401)
    throw new AppError("AUTH_FAILED", "Gmail did not accept the access token. Connect Gmail again.");
  if (res.status === 404) throw new AppError("NOT_FOUND", "That message does not exist.");
  if (!res.ok) throw new AppError("INVALID_MCP_SERVER", `Gmail failed with HTTP ${res.status}.`);
  return readJson<T>(res, "Gmail");
}

type GmailHeader = { name: string; value: string };
type GmailPart = { mimeType?: string; body?: { data?: string }; parts?: GmailPart[]; headers?: GmailHeader[] };
type GmailMessage = { id: string; threadId?: string; snippet?: string; payload?: GmailPart };

const header = (m: GmailMessage, name: string) =>
  m.payload?.headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value ?? "";

function plainText(part: GmailPart | undefined): string {
  if (!part) return "";
  if (part.mimeType === "text/plain" && part.body?.data)
    return Buffer.from(part.body.data, "base64url").toString("utf8");
  for (const p of part.parts ?? []) {
    const t = plainText(p);
    if (t) return t;
  }
  return part.body?.data ? Buffer.from(part.body.data, "base64url").toString("utf8") : "";
}

const noHeaderBreaks = (v: string) => !/[\r\n]/.test(v);

export const gmailTools: SystemAgentTool[] = [
  {
    name: "gmail_search_messages",
    title: "Search Gmail",
    description:
      "Search the user's Gmail with Gmail search syntax (e.g. 'from:alice newer_than:7d'). Returns id, from, subject, date and snippet of each match.",
    input: z.object({
      query: z.string().max(500).describe("Gmail search query"),
      maxResults: z.number().int().min(1).max(25).default(10),
    }),
    async run(ctx, raw) {
      const args = z.object({ query: z.string(), maxResults: z.number().default(10) }).parse(raw);
      const list = await gmailApi<{ messages?: { id: string }[] }>(
        ctx.userId,
        `/messages?${new URLSearchParams({ q: args.query, maxResults: String(args.maxResults) }).toString()}`,
      );
      const messages = await Promise.all(
        (list.messages ?? []).map(async ({ id }) => {
          const m = await gmailApi<GmailMessage>(ctx.userId, `/messages/${encodeURIComponent(id)}?format=metadata`);
          return {
            id: m.id,
            from: header(m, "From"),
            subject: header(m, "Subject"),
            date: header(m, "Date"),
            snippet: m.snippet ?? "",
          };
        }),
      );
      const text =
        messages.length === 0
          ? "No messages match."
          : messages.map((m) => `${m.id} | ${m.date} | ${m.from} | ${m.subject}\n  ${m.snippet}`).join("\n");
      return { text, structured: { messages } };
    },
  },
  {
    name: "gmail_read_message",
    title: "Read an email",
    description: "Read one Gmail message by id: headers and plain-text body.",
    input: z.object({ id: z.string().min(1).max(200).describe("Message id from gmail_search_messages") }),
    async run(ctx, raw) {
      const { id } = z.object({ id: z.string().min(1) }).parse(raw);
      const m = await gmailApi<GmailMessage>(ctx.userId, `/messages/${encodeURIComponent(id)}?format=full`);
      const message = {
        id: m.id,
        from: header(m, "From"),
        to: header(m, "To"),
        subject: header(m, "Subject"),
        date: header(m, "Date"),
        body: plainText(m.payload),
      };
      return {
        text: `From: ${message.from}\nTo: ${message.to}\nDate: ${message.date}\nSubject: ${message.subject}\n\n${message.body}`,
        structured: message,
      };
    },
  },
  {
    name: "gmail_send_message",
    title: "Send an email",
    description: "Send an email from the user's Gmail. The user is asked to confirm before it is sent.",
    requiresConfirmation: true,
    input: z.object({
      to: z.email().describe("Recipient address"),
      subject: z.string().max(500).refine(noHeaderBreaks, "No line breaks in the subject"),
      body: z.string().max(100_000),
    }),
    async run(ctx, raw) {
      const args = z
        .object({ to: z.email().refine(noHeaderBreaks), subject: z.string().refine(noHeaderBreaks), body: z.string() })
        .parse(raw);
      const mime = [
        `To: ${args.to}`,
        `Subject: ${args.subject}`,
        "MIME-Version: 1.0",
        'Content-Type: text/plain; charset="UTF-8"',
        "",
        args.body,
      ].join("\r\n");
      const sent = await gmailApi<{ id: string }>(ctx.userId, "/messages/send", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ raw: Buffer.from(mime, "utf8").toString("base64url") }),
      });
      return {
        text: `Sent to ${args.to} (message ${sent.id}).`,
        structured: { id: sent.id, to: args.to, subject: args.subject },
      };
    },
  },
];
