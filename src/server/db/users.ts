import { prisma } from "./client";
import { isUniqueViolation } from "./errors";

export type UserRecord = { id: string; email: string; name: string | null; passwordHash: string | null };

const select = { id: true, email: true, name: true, passwordHash: true } as const;

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
