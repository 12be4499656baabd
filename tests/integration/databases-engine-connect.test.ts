// The database connection test against servers that are not quite PostgreSQL (local fakes
// that speak just enough of the protocol) and, with TEST_DATABASE_URL, a real one.
import { AppError } from "@/lib/errors";
import { connectPostgres } from "@/server/databases/engine/connect";
import { parseConnectionUrl } from "@/server/databases/engine/connection-input";
import { testPostgresConnection, type DatabaseTestResult } from "@/server/databases/engine/connection-test";
import { CLIENT_GRACE_MS } from "@/server/databases/engine/pg-session";
import { runQuery } from "@/server/databases/engine/query";
import type net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { errorOf } from "../support/errors";
import { CERT, fake, fakes, message, refusingPostgres, tlsPostgres } from "./databases-engine-fake-servers";
import { allowAll } from "./databases-engine-fixtures";

const resolveTo =
  (...addresses: string[]) =>
  () =>
    Promise.resolve(addresses);
const run = (input: unknown, extra: Partial<Parameters<typeof testPostgresConnection>[1]> = {}) =>
  testPostgresConnection(input, {
    checkAddress: allowAll,
    timeoutMs: 2_000,
    resolve: resolveTo("127.0.0.1"),
    ...extra,
  });
const statuses = (r: DatabaseTestResult) => r.steps.map((s) => `${s.name}:${s.status}`);
const url = (port: number, query = "sslmode=disable") =>
  `postgresql://reader:s3cret@db.example.test:${port}/shop?${query}`;

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

describe("the connection test with servers that are not PostgreSQL", () => {
  it("refuses a malformed URL before any network step", async () => {
    const r = await run("not a url");
    expect(r).toMatchObject({ ok: false, code: "INVALID_URL" });
    expect(statuses(r)).toEqual(["address_check:failed", "connect:skipped", "authenticate:skipped", "catalog:skipped"]);
  });

  it("reports a host that does not resolve", async () => {
    const r = await run(
      { url: url(5432) },
      { resolve: () => Promise.reject(Object.assign(new Error("nope"), { code: "ENOTFOUND" })) },
    );
    expect(r).toMatchObject({ code: "INVALID_URL", message: "No server named db.example.test could be found." });
  });

  it("checks every resolved address and connects to none when one is refused", async () => {
    const server = await fake((s) => s.destroy());
    const checked: [string, string[]][] = [];
    const r = await run(
      { url: url(server.port) },
      {
        resolve: resolveTo("127.0.0.1", "::1"),
        checkAddress: (host, addresses) => {
          checked.push([host, addresses]);
          return Promise.reject(
            new AppError("URL_NOT_ALLOWED", "db.example.test resolves to 127.0.0.1, which is a loopback address"),
          );
        },
      },
    );
    expect(r).toMatchObject({
      ok: false,
      code: "URL_NOT_ALLOWED",
      message: expect.stringMatching(/loopback/) as unknown,
    });
    expect(checked).toEqual([["db.example.test", ["127.0.0.1", "::1"]]]);
    expect(server.connections).toBe(0);
  });

  it("says when nothing listens", async () => {
    const server = await fake(() => undefined);
    await server.close();
    const r = await run({ url: url(server.port) });
    expect(r).toMatchObject({
      code: "CONNECT_FAILED",
      message: expect.stringMatching(/connection refused/) as unknown,
    });
    expect(statuses(r)).toEqual(["address_check:ok", "connect:failed", "authenticate:skipped", "catalog:skipped"]);
  });

  it.each([
    ["an HTTP server", (s: net.Socket) => s.once("data", () => s.end("HTTP/1.1 400 Bad Request\r\n\r\n"))],
    ["an SSH server", (s: net.Socket) => s.write("SSH-2.0-OpenSSH_9.6\r\n")],
    ["a server that hangs up", (s: net.Socket) => s.destroy()],
  ])("recognises %s as not PostgreSQL, with and without TLS", async (_, behave) => {
    const server = await fake(behave);
    for (const query of ["sslmode=disable", "sslmode=require"]) {
      const started = performance.now();
      const r = await run({ url: url(server.port, query) });
      expect(r, query).toMatchObject({ ok: false, code: "NOT_POSTGRES" });
      expect(statuses(r)).toEqual(["address_check:ok", "connect:failed", "authenticate:skipped", "catalog:skipped"]);
      expect(performance.now() - started).toBeLessThan(1_500); // not a timeout
    }
  });

  it("times out on a server that never answers", async () => {
    const server = await fake(() => undefined);
    const r = await run({ url: url(server.port) }, { timeoutMs: 400 });
    expect(r).toMatchObject({ code: "TIMEOUT", message: expect.stringMatching(/did not answer within/) as unknown });
  });

  it("reports refused credentials, and sends only the user's own password", async () => {
    process.env.PGPASSWORD = "the-app-s-own";
    try {
      const server = await fake((s, seen) => refusingPostgres(seen, s, "28P01"));
      const r = await run({
        host: "db.example.test",
        port: server.port,
        database: "shop",
        user: "reader",
        tls: "disable",
      });
      expect(r).toMatchObject({
        ok: false,
        code: "AUTH_FAILED",
        message: expect.stringMatching(/password authentication failed for user "reader"/) as unknown,
      });
      expect(statuses(r)).toEqual(["address_check:ok", "connect:ok", "authenticate:failed", "catalog:skipped"]);
      expect(server.seen[0]).toMatchObject({
        password: "",
        startup: { user: "reader", database: "shop", application_name: "connectors-agent" },
      });
    } finally {
      delete process.env.PGPASSWORD;
    }
  });

  it("connects to the checked address and verifies TLS against the host name the user gave", async () => {
    const server = await tlsPostgres("28P01");
    const verified = await run({ url: url(server.port, "sslmode=verify-full"), caCertificate: CERT });
    expect(verified).toMatchObject({ code: "AUTH_FAILED" }); // got through TLS to the login
    expect(server.seen[0]).toMatchObject({ servername: "db.example.test", password: "s3cret" });

    const untrusted = await run({ url: url(server.port, "sslmode=verify-full") });
    expect(untrusted).toMatchObject({
      code: "CONNECT_FAILED",
      message: expect.stringMatching(/certificate was not accepted/) as unknown,
    });

    const encryptedOnly = await run({ url: url(server.port, "sslmode=require") });
    expect(encryptedOnly).toMatchObject({ code: "AUTH_FAILED" });
  });

  it("maps a missing role (28000) to AUTH_FAILED, and connectPostgres throws the same code", async () => {
    const server = await fake((s, seen) => refusingPostgres(seen, s, "28000"));
    expect(await run({ url: url(server.port) })).toMatchObject({ code: "AUTH_FAILED" });
    const err = await errorOf(
      connectPostgres(parseConnectionUrl(url(server.port)), {
        checkAddress: allowAll,
        resolve: resolveTo("127.0.0.1"),
      }),
    );
    expect(err.code).toBe("AUTH_FAILED");
  });
});

describe("a session whose server stops answering", () => {
  it("is dropped shortly after the deadline, and says so afterwards", async () => {
    // Logs in, then swallows every query: statement_timeout can never fire.
    const ready = Buffer.concat([message("R", Buffer.alloc(4)), message("Z", Buffer.from("I"))]);
    const server = await fake((s) => s.once("data", () => s.write(ready)));
    const session = await connectPostgres(parseConnectionUrl(url(server.port)), {
      checkAddress: allowAll,
      resolve: resolveTo("127.0.0.1"),
    });
    const started = performance.now();
    const err = await errorOf(runQuery(session, "SELECT 1", { statementTimeoutMs: 100 }));
    expect(err.code).toBe("TIMEOUT");
    expect(performance.now() - started).toBeLessThan(100 + CLIENT_GRACE_MS + 1_000);
    expect((await errorOf(session.query("SELECT 1"))).code).toBe("CONNECT_FAILED");
    await session.close();
  });
});
