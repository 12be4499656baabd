import { prisma } from "./client";
import { isUniqueViolation } from "./errors";

export type UserRecord = {
  id: string;
  email: string;
  name: string | null;
  passwordHash: string | null;
  sessionVersion: number;
};

const select = { id: true, email: true, name: true, passwordHash: true, sessionVersion: true } as const;

export async function findUserByEmail(email: string): Promise<UserRecord | null> {
  return prisma().user.findUnique({ where: { email }, select });
}

export async function findUserById(id: string): Promise<UserRecord | null> {
  return prisma().user.findUnique({ where: { id }, select });
}

/** Returns null when the email is already taken. */
export async function insertUser(data: {
  email: string;
  name?: string;
  passwordHash: string;
}): Promise<UserRecord | null> {
  try {
    return await prisma().user.create({ data, select });
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

/** Replaces a password hash, only if it is still `expected` (a concurrent change wins). */
export async function replacePasswordHash(id: string, expected: string, passwordHash: string): Promise<boolean> {
  const { count } = await prisma().user.updateMany({ where: { id, passwordHash: expected }, data: { passwordHash } });
  return count === 1;
}

/** The version sessions of this user must carry; null when the user no longer exists. */
export async function sessionVersionOf(id: string): Promise<number | null> {
  const row = await prisma().user.findUnique({ where: { id }, select: { sessionVersion: true } });
  return row?.sessionVersion ?? null;
}

/** Ends every session of the user (they carry an older version); returns the new version. */
export async function bumpSessionVersion(id: string, passwordHash?: string): Promise<number> {
  const row = await prisma().user.update({
    where: { id },
    data: { sessionVersion: { increment: 1 }, ...(passwordHash ? { passwordHash } : {}) },
    select: { sessionVersion: true },
  });
  return row.sessionVersion;
}
