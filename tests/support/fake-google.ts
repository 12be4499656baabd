// A local stand-in for Google's OAuth server and the Gmail API, written for the tests:
// it checks PKCE, client credentials and tokens the way the real services do.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeGoogle = {
  url: string;
  env: Record<string, string>;
  revoked: string[];
  sent: { to: string; subject: string; body: string }[];
  tokenRequests: Record<string, string>[];
  /** Makes the access tokens issued from now on expire after this many seconds. */
  setAccessTtl(seconds: number): void;
  /** Revokes every refresh token, as a user removing access at Google would. */
  revokeAll(): void;
  close(): Promise<void>;
};

const MESSAGES = [
  {
    id: "m1",
    from: "Alice <alice@example.com>",
    to: "me@gmail.test",
    subject: "Quarterly report",
    date: "Mon, 2 Nov 2026 09:00:00 +0000",
    body: "The report is attached.",
  },
  {
    id: "m2",
    from: "Bob <bob@example.com>",
    to: "me@gmail.test",
    subject: "Lunch?",
    date: "Tue, 3 Nov 2026 12:00:00 +0000",
    body: "Noon at the usual place.",
  },
  {
    id: "m3",
    from: "Alice <alice@example.com>",
    to: "me@gmail.test",
    subject: "Re: Quarterly report",
    date: "Wed, 4 Nov 2026 10:00:00 +0000",
    body: "Numbers look good.",
  },
];

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function json(res: ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
}

export async function startFakeGoogle(
  opts: { clientId?: string; clientSecret?: string; port?: number } = {},
): Promise<FakeGoogle> {
  const clientId = opts.clientId ?? "fake-client";
  const clientSecret = opts.clientSecret ?? "fake-secret";
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const access = new Map<string, number>(); // token -> expiry (ms)
  const refresh = new Set<string>();
  let accessTtl = 3600;
  const state: Pick<FakeGoogle, "revoked" | "sent" | "tokenRequests"> = { revoked: [], sent: [], tokenRequests: [] };

  const issue = () => {
    const at = `at-${randomBytes(8).toString("hex")}`;
    access.set(at, Date.now() + accessTtl * 1000);
    return at;
  };
  const authorized = (req: IncomingMessage) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    return token !== undefined && (access.get(token) ?? 0) > Date.now();
  };
  const header = (m: (typeof MESSAGES)[number]) => [
    { name: "From", value: m.from },
    { name: "To", value: m.to },
    { name: "Subject", value: m.subject },
    { name: "Date", value: m.date },
  ];

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://x");
      if (req.method === "GET" && url.pathname === "/o/oauth2/auth") {
        const p = url.searchParams;
        if (p.get("client_id") !== clientId) return json(res, 400, { error: "invalid_client" });
        if (p.get("code_challenge_method") !== "S256" || !p.get("code_challenge"))
          return json(res, 400, { error: "invalid_request", error_description: "PKCE S256 required" });
        const redirect = new URL(p.get("redirect_uri") ?? "");
        const code = randomBytes(8).toString("hex");
        codes.set(code, { challenge: p.get("code_challenge")!, redirectUri: redirect.toString() });
        redirect.searchParams.set("code", code);
        redirect.searchParams.set("state", p.get("state") ?? "");
        res.writeHead(302, { location: redirect.toString() }).end();
        return;
      }
      if (req.method === "POST" && url.pathname === "/token") {
        const p = Object.fromEntries(new URLSearchParams(await body(req)));
        state.tokenRequests.push(p);
        if (p.client_id !== clientId || p.client_secret !== clientSecret)
          return json(res, 401, { error: "invalid_client" });
        if (p.grant_type === "authorization_code") {
          const pending = codes.get(p.code ?? "");
          codes.delete(p.code ?? "");
          const challenge = createHash("sha256")
            .update(p.code_verifier ?? "")
            .digest("base64url");
          if (!pending || pending.redirectUri !== p.redirect_uri || pending.challenge !== challenge)
            return json(res, 400, { error: "invalid_grant" });
          const rt = `rt-${randomBytes(8).toString("hex")}`;
          refresh.add(rt);
          return json(res, 200, {
            access_token: issue(),
            refresh_token: rt,
            expires_in: accessTtl,
            scope: "gmail.readonly gmail.send",
            token_type: "Bearer",
          });
        }
        if (p.grant_type === "refresh_token") {
          if (!refresh.has(p.refresh_token ?? ""))
            return json(res, 400, { error: "invalid_grant", error_description: "Token has been expired or revoked." });
          return json(res, 200, { access_token: issue(), expires_in: accessTtl, token_type: "Bearer" });
        }
        return json(res, 400, { error: "unsupported_grant_type" });
      }
      if (req.method === "POST" && url.pathname === "/revoke") {
        const token = new URLSearchParams(await body(req)).get("token") ?? "";
        state.revoked.push(token);
        refresh.delete(token);
        access.delete(token);
        return json(res, 200, {});
      }
      if (url.pathname.startsWith("/gmail/v1/users/me")) {
        if (!authorized(req)) return json(res, 401, { error: { code: 401, message: "Invalid Credentials" } });
        const rest = url.pathname.slice("/gmail/v1/users/me".length);
        if (rest === "/profile") return json(res, 200, { emailAddress: "me@gmail.test" });
        if (rest === "/messages" && req.method === "GET") {
          const q = (url.searchParams.get("q") ?? "").toLowerCase().replace(/^from:/, "");
          const max = Number(url.searchParams.get("maxResults") ?? 10);
          const hits = MESSAGES.filter((m) => !q || `${m.from} ${m.subject}`.toLowerCase().includes(q)).slice(0, max);
          return json(res, 200, {
            messages: hits.map((m) => ({ id: m.id, threadId: m.id })),
            resultSizeEstimate: hits.length,
          });
        }
        if (rest === "/messages/send" && req.method === "POST") {
          const raw = (JSON.parse(await body(req)) as { raw: string }).raw;
          const text = Buffer.from(raw, "base64url").toString("utf8");
          const [head = "", ...bodyParts] = text.split("\r\n\r\n");
          const get = (n: string) => new RegExp(`^${n}: (.*)$`, "m").exec(head)?.[1] ?? "";
          state.sent.push({ to: get("To"), subject: get("Subject"), body: bodyParts.join("\r\n\r\n") });
          return json(res, 200, { id: `sent-${state.sent.length}` });
        }
        const m = MESSAGES.find((x) => rest === `/messages/${x.id}`);
        if (!m) return json(res, 404, { error: { code: 404, message: "Not Found" } });
        const full = url.searchParams.get("format") === "full";
        return json(res, 200, {
          id: m.id,
          threadId: m.id,
          snippet: m.body.slice(0, 40),
          payload: {
            mimeType: "text/plain",
            headers: header(m),
            ...(full ? { body: { data: Buffer.from(m.body).toString("base64url") } } : {}),
          },
        });
      }
      json(res, 404, { error: "not_found" });
    })();
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    env: {
      GMAIL_CLIENT_ID: clientId,
      GMAIL_CLIENT_SECRET: clientSecret,
      GMAIL_AUTH_URL: `${url}/o/oauth2/auth`,
      GMAIL_TOKEN_URL: `${url}/token`,
      GMAIL_REVOKE_URL: `${url}/revoke`,
      GMAIL_API_URL: url,
    },
    ...state,
    setAccessTtl: (s) => {
      accessTtl = s;
    },
    revokeAll: () => refresh.clear(),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
