// next-auth's adapter contract, written against our repositories so that Prisma stays
// inside src/server/db. Used for GitHub and Google sign-in (users and linked accounts).
import type { Adapter, AdapterAccount, AdapterSession, AdapterUser } from "next-auth/adapters";
import { signInTokensBinding } from "@/server/platform/bindings";
import { encryptCredentials } from "@/server/platform/encryption";
import { prisma } from "./client";

type UserRow = { id: string; email: string; name: string | null; image: string | null; emailVerified: Date | null };
const userSelect = { id: true, email: true, name: true, image: true, emailVerified: true } as const;

const toAdapterUser = (u: UserRow): AdapterUser => ({ ...u });

/** The provider's tokens as one encrypted envelope; the plain token columns stay empty. */
function encryptedTokens(a: AdapterAccount): { encryptedTokens: string | null; keyVersion: number | null } {
  const tokens = Object.fromEntries(
    (["access_token", "refresh_token", "id_token"] as const).flatMap((k) => (a[k] ? [[k, a[k]]] : [])),
  );
  if (Object.keys(tokens).length === 0) return { encryptedTokens: null, keyVersion: null };
  const { ciphertext, keyVersion } = encryptCredentials(
    tokens,
    signInTokensBinding(a.userId, a.provider, a.providerAccountId),
  );
  return { encryptedTokens: ciphertext, keyVersion };
}

export function createAuthAdapter() {
  return {
    async createUser(user: Omit<AdapterUser, "id">) {
      const row = await prisma().user.create({
        data: {
          email: user.email.toLowerCase(),
          name: user.name ?? null,
          image: user.image ?? null,
          emailVerified: user.emailVerified,
        },
        select: userSelect,
      });
      return toAdapterUser(row);
    },
    async getUser(id: string) {
      const row = await prisma().user.findUnique({ where: { id }, select: userSelect });
      return row ? toAdapterUser(row) : null;
    },
    async getUserByEmail(email: string) {
      const row = await prisma().user.findUnique({ where: { email: email.toLowerCase() }, select: userSelect });
      return row ? toAdapterUser(row) : null;
    },
    async getUserByAccount({ provider, providerAccountId }: Pick<AdapterAccount, "provider" | "providerAccountId">) {
      const account = await prisma().account.findUnique({
        where: { provider_providerAccountId: { provider, providerAccountId } },
        select: { user: { select: userSelect } },
      });
      return account ? toAdapterUser(account.user) : null;
    },
    async updateUser({ id, name, image, emailVerified }: Partial<AdapterUser> & Pick<AdapterUser, "id">) {
      const row = await prisma().user.update({
        where: { id },
        data: { name, image, emailVerified },
        select: userSelect,
      });
      return toAdapterUser(row);
    },
    async deleteUser(id: string) {
      await prisma().user.delete({ where: { id } });
    },
    async linkAccount(a: AdapterAccount) {
      await prisma().account.create({
        data: {
          userId: a.userId,
          type: a.type,
          provider: a.provider,
          providerAccountId: a.providerAccountId,
          ...encryptedTokens(a),
          expiresAt: a.expires_at ?? null,
          tokenType: a.token_type ?? null,
          scope: a.scope ?? null,
          sessionState: typeof a.session_state === "string" ? a.session_state : null,
        },
      });
    },
    async unlinkAccount({ provider, providerAccountId }: Pick<AdapterAccount, "provider" | "providerAccountId">) {
      await prisma().account.deleteMany({ where: { provider, providerAccountId } });
    },
    async createSession(s: AdapterSession) {
      return prisma().session.create({ data: s, select: { sessionToken: true, userId: true, expires: true } });
    },
    async getSessionAndUser(sessionToken: string) {
      const s = await prisma().session.findUnique({
        where: { sessionToken },
        select: { sessionToken: true, userId: true, expires: true, user: { select: userSelect } },
      });
      if (!s) return null;
      const { user, ...session } = s;
      return { session, user: toAdapterUser(user) };
    },
    async updateSession(s: Partial<AdapterSession> & Pick<AdapterSession, "sessionToken">) {
      const rows = await prisma().session.updateManyAndReturn({
        where: { sessionToken: s.sessionToken },
        data: { expires: s.expires },
        select: { sessionToken: true, userId: true, expires: true },
      });
      return rows[0] ?? null;
    },
    async deleteSession(sessionToken: string) {
      await prisma().session.deleteMany({ where: { sessionToken } });
    },
  } satisfies Adapter;
}
