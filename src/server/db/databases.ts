// Repository for users' databases. Every query that reads or changes one database carries
// the owner in its WHERE clause: another user's id behaves like a missing one.
import { prisma } from "./client";
import { isUniqueViolation } from "./errors";
import { Prisma } from "./generated/client";
import { storable } from "./json";

export type DatabaseKind = "postgres" | "sample";

export type DatabaseRecord = {
  id: string;
  userId: string;
  kind: string;
  name: string;
  host: string | null;
  port: number | null;
  databaseName: string | null;
  username: string | null;
  encryptedPassword: string | null;
  keyVersion: number | null;
  tlsMode: string | null;
  caCertificate: string | null;
  enabled: boolean;
  lastTestOk: boolean | null;
  lastTestCode: string | null;
  lastTestMessage: string | null;
  lastTestAt: Date | null;
  serverVersion: string | null;
  relationCount: number;
  schemaSnapshot: unknown;
  schemaRefreshedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export type DatabaseChanges = Partial<
  Omit<DatabaseRecord, "id" | "userId" | "kind" | "createdAt" | "updatedAt" | "schemaSnapshot">
> & { schemaSnapshot?: unknown };

export type NewDatabase = Pick<DatabaseRecord, "id" | "userId" | "name"> & DatabaseChanges;

function data(changes: DatabaseChanges) {
  const { schemaSnapshot, ...rest } = changes;
  if (schemaSnapshot === undefined) return rest;
  return {
    ...rest,
    schemaSnapshot: schemaSnapshot === null ? Prisma.DbNull : (storable(schemaSnapshot) as Prisma.InputJsonValue),
  };
}

/** The user's databases and sample settings, oldest first. */
export async function listDatabases(userId: string): Promise<DatabaseRecord[]> {
  return prisma().userDatabase.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
}

export async function findDatabase(userId: string, id: string): Promise<DatabaseRecord | null> {
  return prisma().userDatabase.findFirst({ where: { id, userId, kind: "postgres" } });
}

export async function findSampleSettings(userId: string): Promise<DatabaseRecord | null> {
  return prisma().userDatabase.findFirst({ where: { userId, kind: "sample" } });
}

export async function countDatabases(userId: string): Promise<number> {
  return prisma().userDatabase.count({ where: { userId, kind: "postgres" } });
}

export async function databaseNameTaken(userId: string, name: string, exceptId?: string): Promise<boolean> {
  const row = await prisma().userDatabase.findFirst({
    where: { userId, name: { equals: name, mode: "insensitive" }, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
    select: { id: true },
  });
  return row !== null;
}

export type InsertOutcome = { ok: true; database: DatabaseRecord } | { ok: false; reason: "limit" | "duplicate" };

/**
 * Inserts within the user's limit. The user's row is locked for the transaction so two
 * concurrent saves cannot both pass the count.
 */
export async function insertDatabaseWithinLimit(row: NewDatabase, limit: number): Promise<InsertOutcome> {
  try {
    return await prisma().$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM users WHERE id = ${row.userId} FOR UPDATE`;
      const count = await tx.userDatabase.count({ where: { userId: row.userId, kind: "postgres" } });
      if (count >= limit) return { ok: false, reason: "limit" } as const;
      const duplicate = await tx.userDatabase.findFirst({
        where: { userId: row.userId, name: { equals: row.name, mode: "insensitive" } },
        select: { id: true },
      });
      if (duplicate) return { ok: false, reason: "duplicate" } as const;
      const created = await tx.userDatabase.create({
        data: { ...data(row), id: row.id, userId: row.userId, name: row.name, kind: "postgres" },
      });
      return { ok: true, database: created } as const;
    });
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, reason: "duplicate" };
    throw err;
  }
}

export type UpdateOutcome = { ok: true; database: DatabaseRecord } | { ok: false; reason: "not_found" | "duplicate" };

/** Updates the user's own database; another user's id is "not found". */
export async function updateOwnDatabase(userId: string, id: string, changes: DatabaseChanges): Promise<UpdateOutcome> {
  try {
    const rows = await prisma().userDatabase.updateManyAndReturn({
      where: { id, userId, kind: "postgres" },
      data: data(changes),
    });
    const database = rows[0];
    return database ? { ok: true, database } : { ok: false, reason: "not_found" };
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, reason: "duplicate" };
    throw err;
  }
}

/** Deletes the user's own database and, with the row, its password. */
export async function deleteOwnDatabase(userId: string, id: string): Promise<boolean> {
  const res = await prisma().userDatabase.deleteMany({ where: { id, userId, kind: "postgres" } });
  return res.count === 1;
}

/** Stores whether the user wants the sample database (the row is made on first change). */
export async function saveSampleSettings(userId: string, name: string, enabled: boolean): Promise<DatabaseRecord> {
  for (let attempt = 0; ; attempt++) {
    const rows = await prisma().userDatabase.updateManyAndReturn({
      where: { userId, kind: "sample" },
      data: { enabled },
    });
    if (rows[0]) return rows[0];
    try {
      return await prisma().userDatabase.create({ data: { userId, kind: "sample", name, enabled } });
    } catch (err) {
      // Two changes at once: the other one created the row, update it instead.
      if (!isUniqueViolation(err) || attempt > 0) throw err;
    }
  }
}

/** Rows whose password is encrypted with an older key, for `keys:rotate`. */
export async function databasesWithKeyBelow(version: number, afterId: string | undefined, take: number) {
  return prisma().userDatabase.findMany({
    where: {
      keyVersion: { lt: version },
      encryptedPassword: { not: null },
      ...(afterId ? { id: { gt: afterId } } : {}),
    },
    select: { id: true, userId: true, encryptedPassword: true, keyVersion: true },
    orderBy: { id: "asc" },
    take,
  });
}

/** Replaces a ciphertext only if it is still the one that was read (no lost update). */
export async function replaceDatabaseCiphertext(
  id: string,
  expected: string,
  ciphertext: string,
  keyVersion: number,
): Promise<boolean> {
  const res = await prisma().userDatabase.updateMany({
    where: { id, encryptedPassword: expected },
    data: { encryptedPassword: ciphertext, keyVersion },
  });
  return res.count === 1;
}
