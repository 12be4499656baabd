// The Gmail REST API with the user's token, and the parts of a message the tools show.
import { AppError } from "@/lib/errors";
import { gmailAccessToken, gmailApiUrl } from "@/server/tools/gmail/oauth";
import { readJson, toolFetch } from "@/server/tools/http";

export async function gmailApi<T>(userId: string, path: string, init: RequestInit = {}): Promise<T> {
  const token = await gmailAccessToken(userId);
  const res = await toolFetch(`${gmailApiUrl()}/gmail/v1/users/me${path}`, {
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
export type GmailMessage = { id: string; threadId?: string; snippet?: string; payload?: GmailPart };

export const header = (m: GmailMessage, name: string) =>
  m.payload?.headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value ?? "";

export function plainText(part: GmailPart | undefined): string {
  if (!part) return "";
  if (part.mimeType === "text/plain" && part.body?.data)
    return Buffer.from(part.body.data, "base64url").toString("utf8");
  for (const p of part.parts ?? []) {
    const t = plainText(p);
    if (t) return t;
  }
  return part.body?.data ? Buffer.from(part.body.data, "base64url").toString("utf8") : "";
}
