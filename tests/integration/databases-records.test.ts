// A saved database: its schema for the browser (from the stored snapshot, searchable,
// foreign keys as edges), a refresh that fails and says so, key rotation of its password,
// no password in any answer, and nobody else's id working on any procedure.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { rotateCredentialKeys } from "@/server/ops/key-rotation";
import { findDatabase } from "@/server/db/databases";
import { databaseBinding } from "@/server/platform/bindings";
import { decryptCredentials, type Keyring } from "@/server/platform/encryption";
import { secrets } from "@/server/platform/secrets";
import { seedDatabase, shopSchema } from "../support/databases";
import { useTestDatabase } from "../support/db";
import { errorOf } from "../support/errors";
import { signedInCaller } from "../support/trpc";

useTestDatabase();

type Caller = Awaited<ReturnType<typeof signedInCaller>>["caller"];

describe("the schema browser", () => {
  it("reads the stored schema without connecting, with foreign keys as edges", async () => {
    const { caller, user } = await signedInCaller();
    // 127.0.0.2 is refused by the outbound rules: any connection attempt would fail.
    const db = await seedDatabase(user.id, { host: "127.0.0.2", schema: shopSchema() });
    const schema = await caller.databases.schema({ id: db.id });
    expect(schema.database).toEqual({ id: db.id, name: db.name });
    expect(schema.relations.map((r) => `${r.schema}.${r.name}`)).toEqual(["public.customers", "public.orders"]);
    expect(schema.edges).toEqual([
      {
        name: "orders_customer_id_fkey",
        from: { schema: "public", table: "orders", columns: ["customer_id"] },
        to: { schema: "public", table: "customers", columns: ["id"] },
      },
    ]);
    const found = await caller.databases.searchSchema({ id: db.id, query: "email" });
    expect(found.columns[0]).toMatchObject({ table: "customers", column: "email" });
    expect((await caller.databases.searchSchema({ id: db.id, query: "buy" })).tables.map((t) => t.name)).toEqual([
      "customers",
    ]);
    await expect(caller.databases.searchSchema({ id: db.id, query: " " })).rejects.toThrow(
      "Enter something to search for",
    );
  });

  it("records a refresh that cannot connect as the database's last test, shown in its status", async () => {
    const { caller, user } = await signedInCaller();
    const db = await seedDatabase(user.id, { host: "127.0.0.2", schema: shopSchema() });
    const err = await errorOf(caller.databases.refreshSchema({ id: db.id }));
    expect(err.code).toBe("URL_NOT_ALLOWED");
    const listed = (await caller.databases.list()).find((d) => d.id === db.id);
    expect(listed).toMatchObject({
      status: "failing",
      lastTestOk: false,
      lastTestCode: "URL_NOT_ALLOWED",
      statusMessage: expect.stringContaining("loopback") as unknown,
    });
    // The snapshot is kept for the browser.
    expect((await caller.databases.schema({ id: db.id })).relations).toHaveLength(2);
  });
});

describe("passwords", () => {
  it("never leave the server: answers say only whether one is saved", async () => {
    const { caller, user } = await signedInCaller();
    const db = await seedDatabase(user.id, { password: "pa55-in-the-row" });
    const answers = [
      await caller.databases.list(),
      await caller.databases.toggle({ id: db.id, enabled: false }),
      await caller.databases.update({ id: db.id, name: "Renamed" }),
    ];
    expect(JSON.stringify(answers)).not.toContain("pa55-in-the-row");
    expect(answers[1]).toMatchObject({ connection: { hasPassword: true } });
    expect(db.encryptedPassword).toMatch(/^v1\./);
  });

  it("are re-encrypted by keys:rotate with the new key; unreadable ones are reported and left alone", async () => {
    const { user } = await signedInCaller();
    const db = await seedDatabase(user.id, { password: "rotate-me" });
    const current = secrets();
    const ring: Keyring = {
      keys: [...current.keys, { version: current.activeKeyVersion + 1, key: randomBytes(32) }],
      activeKeyVersion: current.activeKeyVersion + 1,
    };
    const report = await rotateCredentialKeys(ring);
    expect(report.failures).toEqual([]);
    const row = await findDatabase(user.id, db.id);
    expect(row?.keyVersion).toBe(ring.activeKeyVersion);
    const onlyNewKey = { keys: ring.keys.slice(-1), activeKeyVersion: ring.activeKeyVersion };
    expect(decryptCredentials(row!.encryptedPassword!, databaseBinding(user.id, db.id), onlyNewKey)).toEqual({
      password: "rotate-me",
    });
    expect((await rotateCredentialKeys(ring)).rotated).toBe(0);

    const wrong: Keyring = { keys: [{ version: 99, key: randomBytes(32) }], activeKeyVersion: 99 };
    const failed = await rotateCredentialKeys(wrong);
    expect(failed.failures).toContainEqual(expect.objectContaining({ table: "user_databases", id: db.id }));
    expect((await findDatabase(user.id, db.id))?.encryptedPassword).toBe(row?.encryptedPassword);
  });
});

// Every procedure that takes a database id, called by another user with the owner's id.
const OWNERSHIP: Record<string, (c: Caller, id: string) => Promise<unknown>> = {
  test: (c, id) =>
    c.databases.test({ connection: { type: "url", url: "postgresql://reader@127.0.0.1/shop" }, databaseId: id }),
  testLive: async (c, id) => {
    for await (const _ of await c.databases.testLive({
      connection: { type: "url", url: "postgresql://reader@127.0.0.1/shop" },
      databaseId: id,
    }))
      void _;
  },
  update: (c, id) => c.databases.update({ id, name: "Stolen" }),
  toggle: (c, id) => c.databases.toggle({ id, enabled: false }),
  delete: (c, id) => c.databases.delete({ id }),
  schema: (c, id) => c.databases.schema({ id }),
  refreshSchema: (c, id) => c.databases.refreshSchema({ id }),
  searchSchema: (c, id) => c.databases.searchSchema({ id, query: "email" }),
};

describe("ownership", () => {
  it.each(Object.entries(OWNERSHIP))("databases.%s: another user's database is 'not found'", async (_name, call) => {
    const owner = await signedInCaller();
    const db = await seedDatabase(owner.user.id, { password: "owners-secret", schema: shopSchema() });
    const intruder = await signedInCaller();
    const err = await errorOf(call(intruder.caller, db.id));
    expect(err).toMatchObject({ code: "NOT_FOUND", message: "Database not found." });
    expect(await errorOf(call(intruder.caller, "no-such-id"))).toMatchObject({ code: err.code, message: err.message });
    expect(await findDatabase(owner.user.id, db.id)).toEqual(db);
  });

  it("the sample is each user's own: disabling it changes nobody else's", async () => {
    const a = await signedInCaller();
    const b = await signedInCaller();
    await a.caller.databases.toggle({ id: "sample", enabled: false });
    expect((await b.caller.databases.list())[0]).toMatchObject({ id: "sample", enabled: true });
  });
});
