import { applyAuthUrlDefault, env } from "@/env";
import { AppError } from "@/lib/errors";
import { authenticate } from "@/server/auth/accounts";
import { createAuthAdapter } from "@/server/db/auth-adapter";
import { sessionVersionOf } from "@/server/db/users";
import { clientAddress } from "@/server/platform/client-address";
import { secrets } from "@/server/platform/secrets";
import type { NextAuthOptions } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";

export type OAuthProviderId = "github" | "google";

export function enabledOAuthProviders(): OAuthProviderId[] {
  const e = env();
  return [...(e.GITHUB_CLIENT_ID ? (["github"] as const) : []), ...(e.GOOGLE_CLIENT_ID ? (["google"] as const) : [])];
}

let cached: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  const e = env();
  applyAuthUrlDefault();
  cached = {
    secret: secrets().authSecret,
    // JWT sessions: the credentials provider cannot use database sessions in next-auth 4.
    // They survive restarts because the signing secret is persistent.
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    adapter: createAuthAdapter(),
    pages: { signIn: "/signin" },
    providers: [
      Credentials({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, req) {
          try {
            return await authenticate(credentials, clientAddress(req.headers));
          } catch (err) {
            // next-auth passes the thrown message to the form as `error`.
            if (err instanceof AppError) {
              const retry = err.details?.retryAfter;
              throw new Error(typeof retry === "number" ? `${err.code}:${retry}` : err.code);
            }
            throw err;
          }
        },
      }),
      ...(e.GITHUB_CLIENT_ID && e.GITHUB_CLIENT_SECRET
        ? [GitHub({ clientId: e.GITHUB_CLIENT_ID, clientSecret: e.GITHUB_CLIENT_SECRET })]
        : []),
      ...(e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET
        ? [Google({ clientId: e.GOOGLE_CLIENT_ID, clientSecret: e.GOOGLE_CLIENT_SECRET })]
        : []),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          // Sessions carry the account's session version; raising it ends them (src/server/auth/session.ts).
          const carried = (user as { sessionVersion?: unknown }).sessionVersion;
          token.sv = typeof carried === "number" ? carried : ((await sessionVersionOf(user.id)) ?? 0);
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub && session.user) session.user.id = token.sub;
        session.sv = typeof token.sv === "number" ? token.sv : 0;
        return session;
      },
    },
  };
  return cached;
}
