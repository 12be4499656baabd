// Adding connectors through the tRPC router, on a real database and real MCP servers.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptCredentials, type Keyring } from "@/server/platform/encryption";
import { rotateCredentialKeys } from "@/server/ops/key-rotation";
import { secrets } from "@/server/platform/secrets";
import { findConnector, listConnectors } from "@/server/db/connectors";
import { createCaller } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import { makeTools, startHostileServer, startMcpServer, type TestServer } from "../support/mcp-servers";
import { buildConnectorInput } from "../support/builders";
import { captureLogs } from "../support/logs";
import { useTestDatabase } from "../support/db";
import { signedInCaller } from "../support/trpc";
import { errorOf } from "../support/errors";

useTestDatabase();
const logs = captureLogs();
let open: TestServer;
let secured: TestServer;
let empty: TestServer;

beforeAll(async () => {
  open = await startMcpServer({ tools: makeTools(3) });
  secured = await startMcpServer({
    tools: makeTools(2, "secure"),
    requireHeaders: { authorization: "Bearer tok_live_abc" },
  });
  empty = await startMcpServer({ tools: [] });
});
afterAll(async () => {
  await Promise.all([open.close(), secured.close(), empty.close()]);
});

describe("connectors.testLive", () => {
  it("streams each step, then the result", async () => {
    const { caller } = await signedInCaller();
    const events = [];
    for await (const e of await caller.connectors.testLive({ url: open.url, auth: { type: "none" } })) events.push(e);
    expect(events.map((e) => (e.type === "step" ? e.step.name : e.type))).toEqual([
      "url_check",
      "connect",
      "authenticate",
      "handshake",
      "list_tools",
      "result",
    ]);
  });

  it("stops the server-side test when the request is aborted (Cancel in the form)", async () => {
    const hang = await startHostileServer("hang");
    try {
      const { user } = await signedInCaller();
      const abort = new AbortController();
      const caller = createCaller(createContext({ user: { id: user.id, email: user.email, name: null } }), {
        signal: abort.signal,
      });
      const events = (await caller.connectors.testLive({ url: hang.url, auth: { type: "none" } }))[
        Symbol.asyncIterator
      ]();
      expect((await events.next()).value).toMatchObject({ type: "step", step: { name: "url_check" } });
      const started = Date.now();
      abort.abort();
      await expect(events.next()).rejects.toThrow("The connection test was cancelled.");
      // Well before the 3 s deadline: the test did not wait for the server.
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await hang.close();
    }
  });
});

describe("connectors.test", () => {
  it("reports the tools and saves nothing", async () => {
    const { caller } = await signedInCaller();
    const result = await caller.connectors.test({ url: open.url, auth: { type: "none" } });
    expect(result).toMatchObject({ ok: true, code: null, transport: "streamable-http" });
    expect(result.tools.map((t) => t.name)).toEqual(["tool_1", "tool_2", "tool_3"]);
    expect(await caller.connectors.list()).toEqual([]);
  });

  it("refuses malformed auth settings with a specific message", async () => {
    const { caller } = await signedInCaller();
    await expect(
      caller.connectors.test({ url: open.url, auth: { type: "api_key", header: "Bad Header", value: "x" } }),
    ).rejects.toThrow("Header names may contain letters, digits and - only");
    await expect(
      caller.connectors.test({ url: open.url, auth: { type: "bearer", token: "a\r\nX-Evil: 1" } }),
    ).rejects.toThrow("Header values cannot contain line breaks");
    await expect(
      caller.connectors.test({ url: open.url, auth: { type: "api_key", header: "Host", value: "x" } }),
    ).rejects.toThrow("This header is set by the connection itself");
  });
});

describe("connectors.create", () => {
  it("stores the connector, its tool snapshot and its encrypted credentials", async () => {
    const { caller, user } = await signedInCaller();
    const created = await caller.connectors.create({
      name: "Secure",
      url: secured.url,
      auth: { type: "bearer", token: "tok_live_abc" },
    });
    expect(created).toMatchObject({
      name: "Secure",
      transport: "streamable-http",
      authType: "bearer",
      hasCredentials: true,
      enabled: true,
      status: "connected",
      toolCount: 2,
    });
    expect(created.tools.map((t) => t.name)).toEqual(["secure_1", "secure_2"]);

    const row = await findConnector(user.id, created.id);
    expect(row?.encryptedCredentials).toBeTruthy();
    expect(row?.encryptedCredentials).not.toContain("tok_live_abc");
    expect(decryptCredentials(row!.encryptedCredentials!, { userId: user.id, subjectId: created.id })).toEqual({
      type: "bearer",
      token: "tok_live_abc",
    });

    const listed = await caller.connectors.list();
    expect(listed.map((c) => c.id)).toEqual([created.id]);
    expect(JSON.stringify(listed)).not.toContain("tok_live_abc");
    expect(logs.raw()).not.toContain("tok_live_abc");
    expect(logs.lines().find((l) => l.event === "connector.create" && l.outcome === "ok")).toMatchObject({
      connectorId: created.id,
      durationMs: expect.any(Number) as unknown,
    });
  });

  it("keeps header names but not values for the edit form", async () => {
    const server = await startMcpServer({ requireHeaders: { "x-api-key": "v" } });
    try {
      const { caller } = await signedInCaller();
      const created = await caller.connectors.create(
        buildConnectorInput({ url: server.url, auth: { type: "api_key", header: "X-API-Key", value: "v" } }),
      );
      expect(created.authHeaderNames).toEqual(["X-API-Key"]);
    } finally {
      await server.close();
    }
  });

  it("re-tests on the server and saves nothing when the test fails", async () => {
    const { caller, user } = await signedInCaller();
    const err = await errorOf(
      caller.connectors.create({ name: "Wrong token", url: secured.url, auth: { type: "bearer", token: "nope" } }),
    );
    expect(err.code).toBe("AUTH_FAILED");
    expect(await listConnectors(user.id)).toEqual([]);
  });

  it("saves a server without tools, with the NO_TOOLS warning", async () => {
    const { caller } = await signedInCaller();
    const created = await caller.connectors.create(buildConnectorInput({ url: empty.url }));
    expect(created).toMatchObject({ toolCount: 0, lastTestCode: "NO_TOOLS", status: "connected" });
  });

  it("refuses a duplicate name, whatever its case", async () => {
    const { caller } = await signedInCaller();
    await caller.connectors.create(buildConnectorInput({ name: "Docs", url: open.url }));
    const err = await errorOf(caller.connectors.create(buildConnectorInput({ name: "docs", url: open.url })));
    expect(err).toMatchObject({
      code: "DUPLICATE_NAME",
      message: 'You already have a connector named "docs". Choose another name.',
    });
  });

  it("refuses an 11th connector", async () => {
    const { caller, user } = await signedInCaller();
    for (let i = 0; i < 10; i++) await caller.connectors.create(buildConnectorInput({ url: open.url }));
    const err = await errorOf(caller.connectors.create(buildConnectorInput({ url: open.url })));
    expect(err.code).toBe("CONNECTOR_LIMIT");
    expect(await listConnectors(user.id)).toHaveLength(10);
  });

  it("lets two concurrent saves past the limit check only once", async () => {
    const { caller, user } = await signedInCaller();
    for (let i = 0; i < 9; i++) await caller.connectors.create(buildConnectorInput({ url: open.url }));
    const results = await Promise.allSettled([
      caller.connectors.create(buildConnectorInput({ url: open.url })),
      caller.connectors.create(buildConnectorInput({ url: open.url })),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await listConnectors(user.id)).toHaveLength(10);
  });

  it("shows a user only their own connectors", async () => {
    const alice = await signedInCaller();
    const bob = await signedInCaller();
    const created = await alice.caller.connectors.create(buildConnectorInput({ url: open.url }));
    expect((await bob.caller.connectors.list()).map((c) => c.id)).not.toContain(created.id);
    expect(await findConnector(bob.user.id, created.id)).toBeNull();
  });
});

describe("key rotation", () => {
  it("re-encrypts every credential with the new key and loses none", async () => {
    const { caller, user } = await signedInCaller();
    const created = await caller.connectors.create({
      name: "To rotate",
      url: secured.url,
      auth: { type: "bearer", token: "tok_live_abc" },
    });
    const current = secrets();
    const ring: Keyring = {
      keys: [...current.keys, { version: current.activeKeyVersion + 1, key: randomBytes(32) }],
      activeKeyVersion: current.activeKeyVersion + 1,
    };

    const report = await rotateCredentialKeys(ring);
    expect(report.failures).toEqual([]);
    expect(report.rotated).toBeGreaterThanOrEqual(1);
    const row = await findConnector(user.id, created.id);
    expect(row?.keyVersion).toBe(ring.activeKeyVersion);
    expect(
      decryptCredentials(
        row!.encryptedCredentials!,
        { userId: user.id, subjectId: created.id },
        { keys: ring.keys.slice(-1), activeKeyVersion: ring.activeKeyVersion },
      ),
    ).toEqual({
      type: "bearer",
      token: "tok_live_abc",
    });
    expect((await rotateCredentialKeys(ring)).rotated).toBe(0);
  });

  it("reports rows it cannot decrypt and leaves them untouched", async () => {
    const { caller, user } = await signedInCaller();
    const created = await caller.connectors.create({
      name: "Unreadable",
      url: secured.url,
      auth: { type: "bearer", token: "tok_live_abc" },
    });
    const before = await findConnector(user.id, created.id);
    const wrong: Keyring = {
      keys: [
        { version: 1, key: randomBytes(32) },
        { version: 99, key: randomBytes(32) },
      ],
      activeKeyVersion: 99,
    };
    const report = await rotateCredentialKeys(wrong);
    expect(report.failures.map((f) => f.id)).toContain(created.id);
    expect((await findConnector(user.id, created.id))?.encryptedCredentials).toBe(before?.encryptedCredentials);
  });
});

describe("connectors.testLive", () => {
  it("streams each step as it finishes, then the result", async () => {
    const { caller } = await signedInCaller();
    const events = await caller.connectors.testLive({ url: open.url, auth: { type: "none" } });
    const seen: string[] = [];
    for await (const ev of events)
      seen.push(ev.type === "step" ? `${ev.step.name}:${ev.step.status}` : `result:${ev.result.ok}`);
    expect(seen).toEqual([
      "url_check:ok",
      "connect:ok",
      "authenticate:ok",
      "handshake:ok",
      "list_tools:ok",
      "result:true",
    ]);
  });
});
