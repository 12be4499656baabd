// A connector URL that carries a secret (?api_key=…, /s/<token>/mcp) is a credential:
// stored encrypted, listed shortened, and still used in full for connections.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { prisma } from "@/server/db/client";
import { rotateCredentialKeys } from "@/server/ops/key-rotation";
import { connectorUrlBinding } from "@/server/platform/bindings";
import { decryptCredentials, keyVersionOf, type Keyring } from "@/server/platform/encryption";
import { secrets } from "@/server/platform/secrets";
import { listen, makeTools, startMcpServer, type TestServer } from "../support/mcp-servers";
import { useTestDatabase } from "../support/db";
import { signedInCaller } from "../support/trpc";
import { count } from "./report";

useTestDatabase();
const KEY = "k9Q2mN8xL4pR7vB3cH5jW1zT";
let mcp: TestServer;
let gate: TestServer;

beforeAll(async () => {
  mcp = await startMcpServer({ tools: makeTools(2) });
  // Answers MCP (through the real server) only when the URL carries the key.
  gate = await listen((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.searchParams.get("api_key") !== KEY) return void res.writeHead(401).end();
    // Only POSTs are relayed; the optional GET stream is declined, as stateless servers do.
    if (req.method !== "POST") return void res.writeHead(405).end();
    const target = new URL(mcp.url);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void fetch(target, {
        method: req.method,
        headers: Object.fromEntries(
          Object.entries(req.headers).filter(([k]) => !["host", "content-length", "connection"].includes(k)),
        ) as Record<string, string>,
        body: Buffer.concat(chunks),
      })
        .then(async (r) => {
          res.writeHead(r.status, Object.fromEntries(r.headers));
          res.end(Buffer.from(await r.arrayBuffer()));
        })
        .catch(() => res.destroy());
    });
  });
});
afterAll(async () => {
  await Promise.all([mcp.close(), gate.close()]);
});

describe("a connector URL with a secret in it", () => {
  it("is stored encrypted and listed shortened, and connections still use the full URL", async () => {
    const { caller } = await signedInCaller();
    const url = `${gate.url}?api_key=${KEY}`;
    count("probes");
    const created = await caller.connectors.create({ name: "Keyed", url, auth: { type: "none" } });
    expect(created.url).toBe(`${gate.url}?api_key=****`);
    expect(JSON.stringify(await caller.connectors.list())).not.toContain(KEY);
    const raw = await prisma().$queryRaw<{ url: string; row: string }[]>`
      SELECT url, row_to_json(c)::text AS row FROM user_mcp_connections c WHERE id = ${created.id}`;
    expect(raw[0]?.url).toBe(`${gate.url}?api_key=****`);
    expect(raw[0]?.row).not.toContain(KEY);
    count("refused");

    // The edit form sends back what it was shown: that means the saved URL.
    const retest = await caller.connectors.test({
      url: created.url,
      auth: { type: "none" },
      connectorId: created.id,
    });
    expect(retest).toMatchObject({ ok: true });
    const renamed = await caller.connectors.update({ id: created.id, name: "Keyed 2", url: created.url });
    expect(renamed.url).toBe(created.url);
    expect((await caller.connectors.retest({ id: created.id })).test).toMatchObject({ ok: true });
  });

  it("is re-encrypted by keys:rotate like other credentials", async () => {
    const { caller, user } = await signedInCaller();
    const created = await caller.connectors.create({
      name: "Rotated",
      url: `${gate.url}?api_key=${KEY}`,
      auth: { type: "none" },
    });
    const ring: Keyring = {
      keys: [...secrets().keys, { version: 99, key: randomBytes(32) }],
      activeKeyVersion: 99,
    };
    const report = await rotateCredentialKeys(ring);
    expect(report.failures).toEqual([]);
    const row = await prisma().userMCPConnection.findFirst({ where: { id: created.id } });
    expect(keyVersionOf(row!.encryptedUrl!)).toBe(99);
    expect(decryptCredentials(row!.encryptedUrl!, connectorUrlBinding(user.id, created.id), ring)).toBe(
      `${gate.url}?api_key=${KEY}`,
    );
    expect((await rotateCredentialKeys(ring)).rotated).toBe(0);
  });

  it("an ordinary URL is stored and listed as it is", async () => {
    const { caller } = await signedInCaller();
    const created = await caller.connectors.create({ name: "Plain", url: mcp.url, auth: { type: "none" } });
    expect(created.url).toBe(mcp.url);
  });
});
