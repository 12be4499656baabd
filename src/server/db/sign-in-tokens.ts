// Tokens of GitHub and Google sign-ins (next-auth's accounts), stored as one encrypted
// envelope. Rows written before encryption keep their tokens in the plain columns until
// start-up or `npm run keys:rotate` encrypts them.
import { prisma } from "./client";

export type SignInTokenRow = {
  id: string;
  userId: string;
  provider: string;
  providerAccountId: string;
  accessToken: string | null;
  refreshToken: string | null;
  idToken: string | null;
  encryptedTokens: string | null;
  keyVersion: number | null;
};

const select = {
  id: true,
  userId: true,
  provider: true,
  providerAccountId: true,
  accessToken: true,
  refreshToken: true,
  idToken: true,
  encryptedTokens: true,
  keyVersion: true,
} as const;

const plaintext = {
  encryptedTokens: null,
  OR: [{ accessToken: { not: null } }, { refreshToken: { not: null } }, { idToken: { not: null } }],
};

/** Rows still in plain text and, unless `legacyOnly`, rows encrypted with a key below `version`. */
export async function signInTokensToEncrypt(
  version: number,
  afterId: string | undefined,
  take: number,
  legacyOnly = false,
): Promise<SignInTokenRow[]> {
  const older = { encryptedTokens: { not: null }, keyVersion: { lt: version } };
  return prisma().account.findMany({
    where: { OR: legacyOnly ? [plaintext] : [plaintext, older], ...(afterId ? { id: { gt: afterId } } : {}) },
    select,
    orderBy: { id: "asc" },
    take,
  });
}

/** Stores the envelope and empties the plain columns, only if the row is as it was read. */
export async function replaceSignInTokens(
  row: SignInTokenRow,
  ciphertext: string,
  keyVersion: number,
): Promise<boolean> {
  const res = await prisma().account.updateMany({
    where: {
      id: row.id,
      encryptedTokens: row.encryptedTokens,
      accessToken: row.accessToken,
      refreshToken: row.refreshToken,
      idToken: row.idToken,
    },
    data: { encryptedTokens: ciphertext, keyVersion, accessToken: null, refreshToken: null, idToken: null },
  });
  return res.count === 1;
}
