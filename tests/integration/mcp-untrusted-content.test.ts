// Resources, prompts and completion from servers that send odd or hostile data, over real
// HTTP, through the procedures the chat uses: links to other schemes are asked of the
// connector's own server (never fetched), contents are bounded, only safe images reach the
// browser, and every failure is a clear message naming the connector.
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import { mcpPool } from "@/server/connectors/pool";
import { useTestDatabase } from "../support/db";
import { errorOf } from "../support/errors";
import { startScriptedServer, type ScriptedAnswer, type ScriptedServer } from "../support/mcp-scripted";
import { signedInCaller } from "../support/trpc";

useTestDatabase();
const saved = { ...process.env };
const servers: ScriptedServer[] = [];

beforeEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
});
afterEach(async () => {
  await mcpPool().closeAll();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => {
  process.env = { ...saved };
  resetEnvForTests();
});

type Script = Record<string, (params: Record<string, unknown>) => ScriptedAnswer>;
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

async function connector(script: Script, capabilities: Record<string, unknown> = {}, name = "Odd") {
  const server = await startScriptedServer(
    { tools: {}, resources: {}, prompts: {}, completions: {}, ...capabilities },
    { "tools/list": () => ({ tools: [] }), ...script },
  );
  servers.push(server);
  const session = await signedInCaller();
  const c = await session.caller.connectors.create({ name, url: server.url, auth: { type: "none" } });
  return { ...session, server, connectorId: c.id };
}

const reads = (s: ScriptedServer) => s.calls.filter((c) => c.method === "resources/read").map((c) => c.params?.uri);

describe("reading a resource", () => {
  it("a link to another scheme is asked of the connector's server, never fetched from that address", async () => {
    const { caller, server, connectorId } = await connector({
      "resources/read": ({ uri }) => ({
        contents: [{ uri, mimeType: "text/plain", text: `what the server says about ${String(uri)}` }],
      }),
    });
    for (const uri of ["https://169.254.169.254/latest/meta-data/", "file:///etc/passwd"]) {
      const [content] = await caller.mcp.readResource({ connectorId, uri });
      expect(content).toMatchObject({ uri, connectorName: "Odd", text: `what the server says about ${uri}` });
    }
    expect(reads(server)).toEqual(["https://169.254.169.254/latest/meta-data/", "file:///etc/passwd"]);
  });

  it("shows only images of safe types, valid and within the cap; other binary is described by size", async () => {
    const { caller, connectorId } = await connector({
      "resources/read": ({ uri }) => ({
        contents: [
          { uri, mimeType: "image/png", blob: PNG },
          { uri, mimeType: "image/svg+xml", blob: Buffer.from("<svg onload='alert(1)'/>").toString("base64") },
          { uri, mimeType: "image/png", blob: "A".repeat(700_004) },
          { uri, mimeType: "image/webp", blob: "" },
          { uri, mimeType: "application/zip", blob: "QUJDRA==" },
        ],
      }),
    });
    const contents = await caller.mcp.readResource({ connectorId, uri: "demo://pictures" });
    expect(contents.map((c) => [c.mimeType, c.image !== undefined, c.size])).toEqual([
      ["image/png", true, 70],
      ["image/svg+xml", false, 24],
      ["image/png", false, 525_003],
      ["image/webp", false, 0],
      ["application/zip", false, 4],
    ]);
    expect(contents[0]!.image).toBe(PNG);
    expect(contents.every((c) => c.text === undefined && !c.truncated)).toBe(true);
  });

  it("bounds what a server sends: ten items, capped text, short types and names, its own URIs only when usable", async () => {
    const long = "z".repeat(60_000);
    const { caller, connectorId } = await connector({
      "resources/read": () => ({
        contents: [
          { uri: "not a uri", mimeType: `text/${"x".repeat(300)}`, text: long },
          ...Array.from({ length: 14 }, (_, i) => ({ uri: `demo://part/${i}`, text: `part ${i}` })),
        ],
      }),
    });
    const contents = await caller.mcp.readResource({ connectorId, uri: "demo://asked", name: "n".repeat(200) });
    expect(contents).toHaveLength(10);
    expect(contents[0]).toMatchObject({ uri: "demo://asked", truncated: true, size: 60_000 });
    expect(contents[0]!.text).toHaveLength(50_000);
    expect(contents[0]!.mimeType).toHaveLength(100);
    expect(contents[0]!.name).toHaveLength(200);
    expect(contents[1]).toMatchObject({ uri: "demo://part/0", text: "part 0", truncated: false });
  });

  it("says what went wrong, naming the connector, and reads nothing for a connector turned off", async () => {
    process.env.TOOL_CALL_TIMEOUT_MS = "400";
    resetEnvForTests();
    const { caller, connectorId } = await connector({
      "resources/read": ({ uri }) =>
        uri === "demo://refused"
          ? { error: { code: -32002, message: `Resource not found ${"!".repeat(400)}` } }
          : uri === "demo://garbled"
            ? { contents: "not a list" }
            : uri === "demo://not-base64"
              ? { contents: [{ uri, mimeType: "image/gif", blob: "not base64!" }] }
              : uri === "demo://cut"
                ? "drop"
                : uri === "demo://slow"
                  ? "hang"
                  : { contents: [] },
    });
    const refused = await errorOf(caller.mcp.readResource({ connectorId, uri: "demo://refused" }));
    expect(refused.code).toBe("TOOL_ERROR");
    expect(refused.message).toMatch(/^Odd answered: Resource not found !+$/);
    expect(refused.message.length).toBeLessThanOrEqual("Odd answered: ".length + 300);
    // An answer that breaks the protocol's schema (contents not a list, a blob not base64).
    for (const uri of ["demo://garbled", "demo://not-base64"])
      expect(await errorOf(caller.mcp.readResource({ connectorId, uri }))).toMatchObject({
        code: "TOOL_FAILED",
        message: "Odd sent an answer that cannot be used.",
      });
    expect(await errorOf(caller.mcp.readResource({ connectorId, uri: "demo://empty" }))).toMatchObject({
      code: "TOOL_ERROR",
      message: "The server returned nothing for this resource.",
    });
    expect(await errorOf(caller.mcp.readResource({ connectorId, uri: "demo://cut" }))).toMatchObject({
      code: "TOOL_FAILED",
      message: "Odd could not read this resource.",
    });
    expect(await errorOf(caller.mcp.readResource({ connectorId, uri: "demo://slow" }))).toMatchObject({
      code: "TIMEOUT",
      message: "Odd did not answer in time.",
    });
    await caller.connectors.toggle({ id: connectorId, enabled: false });
    expect(await errorOf(caller.mcp.readResource({ connectorId, uri: "demo://x" }))).toMatchObject({
      code: "TOOL_UNAVAILABLE",
      message: "Odd is turned off.",
    });
  });
});

describe("listing resources", () => {
  it("follows pages but not a server's loop, and keeps only usable entries under the server's own titles", async () => {
    const { caller, server, connectorId } = await connector({
      "resources/list": (params) => {
        const page = typeof params.cursor === "string" ? params.cursor : "first";
        return {
          resources: [
            { uri: `demo://page/${page}`, name: "plain", title: `Page ${page}` },
            { uri: "demo://blank", name: "  ", description: "   ", mimeType: "", size: 12 },
          ],
          nextCursor: "again",
        };
      },
      "resources/templates/list": () => ({
        resourceTemplates: [
          { uriTemplate: "demo://{unclosed", name: "broken" },
          { uriTemplate: "demo://items/{id}{?lang}", name: "items", title: "Items", mimeType: "text/plain" },
        ],
      }),
    });
    const listing = await caller.mcp.resources({ connectorId });
    // The second page names the same cursor again: the listing stops there.
    expect(server.calls.filter((c) => c.method === "resources/list")).toHaveLength(2);
    expect(listing.resources).toEqual([
      { uri: "demo://page/first", name: "Page first" },
      { uri: "demo://blank", name: "demo://blank", size: 12 },
      { uri: "demo://page/again", name: "Page again" },
      { uri: "demo://blank", name: "demo://blank", size: 12 },
    ]);
    expect(listing.templates).toEqual([
      { uriTemplate: "demo://items/{id}{?lang}", name: "Items", mimeType: "text/plain", variables: ["id", "lang"] },
    ]);
  });

  it("a server without resources lists none, without being asked", async () => {
    const { caller, server, connectorId } = await connector({}, { resources: undefined });
    expect(await caller.mcp.resources({ connectorId })).toEqual({ connectorName: "Odd", resources: [], templates: [] });
    expect(server.calls.map((c) => c.method)).not.toContain("resources/list");
  });
});

describe("completion", () => {
  const ref = { type: "ref/resource" as const, uri: "demo://items/{id}" };

  it("keeps suggestions short; more than the protocol allows is a clear error, not a form error", async () => {
    const { caller, server, connectorId } = await connector({
      "completion/complete": ({ argument }) => ({
        completion: {
          values: [
            "a".repeat(2000),
            ...Array.from({ length: (argument as { value: string }).value === "many" ? 150 : 99 }, (_, i) => `v${i}`),
          ],
        },
      }),
    });
    expect(
      await errorOf(caller.mcp.complete({ connectorId, ref, argument: { name: "id", value: "many" } })),
    ).toMatchObject({ code: "TOOL_FAILED", message: "Odd sent an answer that cannot be used." });
    const values = await caller.mcp.complete({
      connectorId,
      ref,
      argument: { name: "id", value: "" },
      context: { lang: "en" },
    });
    expect(values).toHaveLength(100);
    expect(values[0]).toHaveLength(1000);
    expect(values[99]).toBe("v98");
    expect(values[1]).toBe("v0");
    expect(server.calls.at(-1)?.params).toMatchObject({ context: { arguments: { lang: "en" } } });
  });

  it("offers nothing when the server does not complete, and names the connector when it fails", async () => {
    const none = await connector({}, { completions: undefined });
    expect(
      await none.caller.mcp.complete({ connectorId: none.connectorId, ref, argument: { name: "id", value: "" } }),
    ).toEqual([]);
    const failing = await connector({
      "completion/complete": () => ({ error: { code: -32602, message: "Unknown reference" } }),
    });
    expect(
      await errorOf(
        failing.caller.mcp.complete({ connectorId: failing.connectorId, ref, argument: { name: "id", value: "" } }),
      ),
    ).toMatchObject({ code: "TOOL_ERROR", message: "Odd answered: Unknown reference" });
  });
});

describe("prompts", () => {
  it("lists prompts with usable names only, and bounded arguments", async () => {
    const { caller } = await connector({
      "prompts/list": () => ({
        prompts: [
          { name: "" },
          { name: "p".repeat(201) },
          {
            name: "ok",
            title: "  ",
            description: "Does it",
            arguments: [
              { name: "", description: "nameless" },
              ...Array.from({ length: 40 }, (_, i) => ({ name: `a${i}`, required: i === 0 })),
            ],
          },
        ],
      }),
    });
    const { prompts, unavailable } = await caller.mcp.prompts();
    expect(unavailable).toEqual([]);
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toMatchObject({ connectorName: "Odd", name: "ok", description: "Does it" });
    expect(prompts[0]!.title).toBeUndefined();
    // Up to 30 arguments are read; a nameless one is dropped.
    expect(prompts[0]!.arguments).toHaveLength(29);
    expect(prompts[0]!.arguments.slice(0, 2)).toEqual([
      { name: "a0", required: true },
      { name: "a1", required: false },
    ]);
  });

  it("fills a prompt in: every kind of message becomes text or an attachment, within bounds", async () => {
    const { caller, server, connectorId } = await connector({
      "prompts/get": () => ({
        messages: [
          { role: "user", content: { type: "text", text: "t".repeat(60_000) } },
          { role: "assistant", content: { type: "image", data: PNG, mimeType: "image/png" } },
          { role: "user", content: { type: "audio", data: "AAAA", mimeType: "audio/wav" } },
          { role: "user", content: { type: "resource_link", uri: "demo://linked", name: "linked" } },
          {
            role: "user",
            content: { type: "resource", resource: { uri: "demo://doc", mimeType: "text/plain", text: "doc" } },
          },
          {
            role: "user",
            content: { type: "resource", resource: { uri: "demo://img", mimeType: "image/png", blob: PNG } },
          },
          ...Array.from({ length: 60 }, (_, i) => ({
            role: "user",
            content: { type: "resource", resource: { uri: `demo://extra/${i}`, text: `extra ${i}` } },
          })),
        ],
      }),
    });
    const filled = await caller.mcp.getPrompt({ connectorId, name: "every-kind", args: { topic: "x" } });
    expect(server.calls.at(-1)).toEqual({
      method: "prompts/get",
      params: { name: "every-kind", arguments: { topic: "x" } },
    });
    expect(filled.messages.map((m) => [m.role, m.text.length > 100 ? m.text.length : m.text])).toEqual([
      ["user", 50_000],
      ["assistant", "[image image/png]"],
      ["user", "[audio audio/wav]"],
      ["user", "demo://linked"],
    ]);
    // Embedded resources are attachments (at most five), an image's data never among them.
    expect(filled.attachments).toHaveLength(5);
    expect(filled.attachments.slice(0, 2)).toEqual([
      expect.objectContaining({ uri: "demo://doc", text: "doc", connectorName: "Odd" }),
      expect.objectContaining({ uri: "demo://img", mimeType: "image/png", size: 70 }),
    ]);
    expect(filled.attachments.some((a) => "image" in a)).toBe(false);
  });

  it("a prompt the server refuses, or answers with garbage, is a clear error naming the connector", async () => {
    const { caller, connectorId } = await connector({
      "prompts/get": ({ name }) =>
        name === "needs-args"
          ? { error: { code: -32602, message: "Missing required argument: city" } }
          : { messages: [{ role: "user", content: { type: "hologram" } }] },
    });
    expect(await errorOf(caller.mcp.getPrompt({ connectorId, name: "needs-args", args: {} }))).toMatchObject({
      code: "TOOL_ERROR",
      message: "Odd answered: Missing required argument: city",
    });
    expect(await errorOf(caller.mcp.getPrompt({ connectorId, name: "garbled", args: {} }))).toMatchObject({
      code: "TOOL_FAILED",
      message: "Odd sent an answer that cannot be used.",
    });
  });

  it("a listing that breaks the protocol names its connector as unavailable; the others still list", async () => {
    const { caller } = await connector({ "prompts/list": () => ({ prompts: [{ name: "fine" }] }) }, {}, "Good");
    const bad = await startScriptedServer(
      { tools: {}, prompts: {} },
      {
        "tools/list": () => ({ tools: [] }),
        "prompts/list": () => ({ prompts: [{ name: "x", arguments: [{ name: "a", required: "yes" }] }] }),
      },
    );
    servers.push(bad);
    await caller.connectors.create({ name: "Broken", url: bad.url, auth: { type: "none" } });
    expect(await caller.mcp.prompts()).toEqual({
      prompts: [{ connectorId: expect.any(String) as unknown, connectorName: "Good", name: "fine", arguments: [] }],
      unavailable: ["Broken"],
    });
  });

  it("a server without prompts is not asked and is not listed as unavailable", async () => {
    const { caller, server } = await connector({}, { prompts: undefined });
    expect(await caller.mcp.prompts()).toEqual({ prompts: [], unavailable: [] });
    expect(server.calls.map((c) => c.method)).not.toContain("prompts/list");
  });
});
