import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    user?: DefaultSession["user"] & { id?: string };
    /** The session version the token carries (src/server/auth/session.ts). */
    sv?: number;
  }
}
