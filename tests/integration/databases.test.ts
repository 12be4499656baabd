// Users' databases through the tRPC router: the sample listed first, the connection test
// with its steps and codes against local servers, the outbound rules, saves refused by a
// failing test, the limit, names, and editing with the saved password. Adding a database
// that passes needs a real PostgreSQL server: tests/postgres/databases.test.ts.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import { MAX_DATABASES_PER_USER } from "@/lib/schemas/databases";
import { findDatabase } from "@/server/db/databases";
import { seedDatabase } from "../support/databases";
import { useTestDatabase } from "../support/db";
import { errorOf } from "../support/errors";
import { captureLogs } from "../support/logs";
import { signedInCaller } from "../support/trpc";
import { fake, fakes, refusingPostgres } from "./databases-engine-fake-servers";

useTestDatabase();
const logs = captureLogs();
const saved = { ...process.env };

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
  process.env = { ...saved };
  resetEnvForTests();
});

/** A server that asks for a password and refuses it, remembering what it was sent. */
const refusing = () => fake((s, seen) => refusingPostgres(seen, s, "28P01"));
const fields = (port: number, extra: Record<string, unknown> = {}) => ({
  type: "fields" as const,
  host: "127.0.0.1",
  port,
  database: "shop",
  user: "reader",
  tls: "disable" as const,
  ...extra,
});
const statuses = (steps: { name: string; status: string }[]) => steps.map((s) => `${s.name}:${s.status}`);

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe("databases.list and the sample", () => {
  it("lists the sample shop first for a new user: not editable, no connection settings", async () => {
    const { caller } = await signedInCaller();
    const [sample, ...rest] = await caller.databases.list();
    expect(rest).toEqual([]);
    expect(sample).toMatchObject({ id: "sample", name: "Sample shop", kind: "sample", editable: false, enabled: true });
    expect(sample!.connection).toBeNull();
    // Nobody built it in this test file: it is prepared on first use.
    expect(sample!.status).toBe("preparing");
  });

  it("lets the sample be disabled and enabled again, never edited or deleted", async () => {
    const { caller } = await signedInCaller();
    expect(await caller.databases.toggle({ id: "sample", enabled: false })).toMatchObject({ status: "disabled" });
    expect((await caller.databases.list())[0]).toMatchObject({ id: "sample", enabled: false });
    expect(await caller.databases.toggle({ id: "sample", enabled: true })).toMatchObject({ enabled: true });
    expect(await errorOf(caller.databases.delete({ id: "sample" }))).toMatchObject({
      code: "VALIDATION",
      message: "The Sample shop database cannot be deleted; disable it to hide it from the agent.",
    });
    expect((await errorOf(caller.databases.update({ id: "sample", name: "Mine" }))).code).toBe("VALIDATION");
    expect(await caller.databases.list()).toHaveLength(1);
  });
});

describe("databases.test", () => {
  it("reports an unreadable URL as the first failed step, without throwing", async () => {
    const { caller } = await signedInCaller();
    const r = await caller.databases.test({ connection: { type: "url", url: "mysql://db.example.com/shop" } });
    expect(r).toMatchObject({ ok: false, code: "INVALID_URL" });
    expect(r.message).toMatch(/starts with postgresql:\/\//);
    expect(statuses(r.steps)).toEqual([
      "address_check:failed",
      "connect:skipped",
      "authenticate:skipped",
      "catalog:skipped",
    ]);
  });

  it("refuses private addresses unless OUTBOUND_ALLOW lists them", async () => {
    const { caller } = await signedInCaller();
    const port = await closedPort();
    const loopback = await caller.databases.test({ connection: fields(port, { host: "127.0.0.2" }) });
    expect(loopback).toMatchObject({ ok: false, code: "URL_NOT_ALLOWED" });
    expect(loopback.message).toBe(
      "127.0.0.2 is a loopback address; databases must be on a public server unless an administrator allows this address (OUTBOUND_ALLOW)",
    );
    const metadata = await caller.databases.test({
      connection: { type: "url", url: "postgresql://reader:pw@169.254.169.254/shop" },
    });
    expect(metadata).toMatchObject({
      code: "URL_NOT_ALLOWED",
      message: expect.stringContaining("link-local") as unknown,
    });

    process.env.OUTBOUND_ALLOW = "127.0.0.0/8";
    resetEnvForTests();
    const allowed = await caller.databases.test({ connection: fields(port, { host: "127.0.0.2" }) });
    expect(statuses(allowed.steps).slice(0, 2)).toEqual(["address_check:ok", "connect:failed"]);
    expect(allowed).toMatchObject({ code: "CONNECT_FAILED", message: expect.stringContaining("refused") as unknown });
  });

  it("says AUTH_FAILED when the server refuses the login, after sending it the password", async () => {
    const { caller } = await signedInCaller();
    const server = await refusing();
    const r = await caller.databases.test({ connection: fields(server.port, { password: "pw-one" }) });
    expect(r).toMatchObject({ ok: false, code: "AUTH_FAILED" });
    expect(statuses(r.steps)).toEqual(["address_check:ok", "connect:ok", "authenticate:failed", "catalog:skipped"]);
    expect(server.seen[0]).toMatchObject({ startup: { user: "reader", database: "shop" }, password: "pw-one" });
  });

  it("says NOT_POSTGRES for a server that speaks another protocol", async () => {
    const { caller } = await signedInCaller();
    const http = createServer((_req, res) => res.end("hello"));
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    try {
      const r = await caller.databases.test({ connection: fields((http.address() as AddressInfo).port) });
      expect(r).toMatchObject({ ok: false, code: "NOT_POSTGRES" });
    } finally {
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
    }
  });

  it("streams each step as it finishes, then the result", async () => {
    const { caller } = await signedInCaller();
    const server = await refusing();
    const seen: string[] = [];
    for await (const ev of await caller.databases.testLive({ connection: fields(server.port) }))
      seen.push(ev.type === "step" ? `${ev.step.name}:${ev.step.status}` : `result:${ev.result.code}`);
    expect(seen).toEqual([
      "address_check:ok",
      "connect:ok",
      "authenticate:failed",
      "catalog:skipped",
      "result:AUTH_FAILED",
    ]);
  });

  it("uses the saved password when the edit form leaves it empty, for the same server and user only", async () => {
    const { caller, user } = await signedInCaller();
    const server = await refusing();
    const db = await seedDatabase(user.id, { port: server.port, password: "s3cret-saved" });
    await caller.databases.test({ connection: fields(server.port), databaseId: db.id });
    expect(server.seen[0]?.password).toBe("s3cret-saved");

    const other = await refusing();
    const moved = await errorOf(caller.databases.test({ connection: fields(other.port), databaseId: db.id }));
    expect(moved).toMatchObject({
      code: "VALIDATION",
      message:
        "Enter the password again: a saved password is only sent to the server, database and user it was saved for.",
    });
    const renamedUser = await errorOf(
      caller.databases.test({ connection: fields(server.port, { user: "admin" }), databaseId: db.id }),
    );
    expect(renamedUser.code).toBe("VALIDATION");
    expect(other.connections).toBe(0);
  });
});

describe("saving", () => {
  it("refuses settings whose test fails, with the test's code, and saves nothing", async () => {
    const { caller } = await signedInCaller();
    const server = await refusing();
    const err = await errorOf(
      caller.databases.create({ name: "Shop", connection: fields(server.port, { password: "wrong" }) }),
    );
    expect(err.code).toBe("AUTH_FAILED");
    expect(await caller.databases.list()).toHaveLength(1);
  });

  it("refuses bad input with a specific message and changes nothing", async () => {
    const { caller } = await signedInCaller();
    await expect(caller.databases.create({ name: " ", connection: fields(5432) })).rejects.toThrow("Enter a name");
    await expect(caller.databases.create({ name: "Shop", connection: fields(70_000) })).rejects.toThrow(
      "Ports are 1 to 65535",
    );
    await expect(
      caller.databases.create({ name: "Shop", connection: fields(5432, { caCertificate: "not a certificate" }) }),
    ).rejects.toThrow("Paste the certificate authority as PEM");
    expect(await caller.databases.list()).toHaveLength(1);
  });

  it("keeps names unique per user, the sample's included, before any connection", async () => {
    const { caller, user } = await signedInCaller();
    const server = await refusing();
    await seedDatabase(user.id, { name: "Warehouse" });
    for (const name of ["warehouse", "sample shop", "Sample"])
      expect((await errorOf(caller.databases.create({ name, connection: fields(server.port) }))).code).toBe(
        "DUPLICATE_NAME",
      );
    expect(server.connections).toBe(0);
    // Another user may use the same name.
    const other = await signedInCaller();
    await seedDatabase(other.user.id, { name: "Warehouse" });
  });

  it(`stops at ${MAX_DATABASES_PER_USER} databases with a clear error, before testing`, async () => {
    const { caller, user } = await signedInCaller();
    const server = await refusing();
    for (let i = 0; i < MAX_DATABASES_PER_USER; i++) await seedDatabase(user.id);
    expect(await errorOf(caller.databases.create({ name: "One more", connection: fields(server.port) }))).toMatchObject(
      {
        code: "DATABASE_LIMIT",
        message: `You can have at most ${MAX_DATABASES_PER_USER} databases. Delete one to add another.`,
        details: { limit: MAX_DATABASES_PER_USER },
      },
    );
    expect(server.connections).toBe(0);
    // The sample does not count against the limit.
    expect(await caller.databases.list()).toHaveLength(MAX_DATABASES_PER_USER + 1);
  });

  it("renames, disables and deletes a database; new settings that fail keep the old ones", async () => {
    const { caller, user } = await signedInCaller();
    const server = await refusing();
    const db = await seedDatabase(user.id, { name: "Shop", password: "kept" });
    expect(await caller.databases.update({ id: db.id, name: "Store" })).toMatchObject({ name: "Store" });
    expect(server.connections).toBe(0); // a rename tests nothing
    const failed = await errorOf(
      caller.databases.update({ id: db.id, connection: fields(server.port, { password: "new" }) }),
    );
    expect(failed.code).toBe("AUTH_FAILED");
    const row = await findDatabase(user.id, db.id);
    expect(row).toMatchObject({ port: 5432, encryptedPassword: db.encryptedPassword });
    expect(await caller.databases.toggle({ id: db.id, enabled: false })).toMatchObject({
      enabled: false,
      status: "disabled",
      connection: { host: "127.0.0.1", port: 5432, database: "shop", user: "reader", hasPassword: true },
    });
    expect(await caller.databases.delete({ id: db.id })).toEqual({ id: db.id });
    expect(await findDatabase(user.id, db.id)).toBeNull();
    expect((await errorOf(caller.databases.delete({ id: db.id }))).code).toBe("NOT_FOUND");
  });

  it("counts connection tests against the rate limit", async () => {
    process.env.CONNECTION_TESTS_PER_MINUTE = "2";
    resetEnvForTests();
    const { caller } = await signedInCaller();
    const connection = { type: "url" as const, url: "postgresql://reader@127.0.0.2/shop" };
    await caller.databases.test({ connection });
    await caller.databases.test({ connection });
    expect((await errorOf(caller.databases.test({ connection }))).code).toBe("RATE_LIMITED");
  });
});

afterAll(() => {
  const raw = logs.raw();
  const events = new Set(logs.lines().map((l) => l.event));
  for (const e of ["database.list", "database.test", "database.create", "database.update", "database.delete"])
    expect(events).toContain(e);
  for (const secret of ["s3cret-saved", "pw-one", "kept"]) expect(raw).not.toContain(secret);
});
