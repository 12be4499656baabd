// Resources, resource templates, completion and prompts against the real
// @modelcontextprotocol/server-everything over HTTP, through the tRPC procedures the chat
// uses: owned connectors only, capped content, the server's own names.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { mcpPool } from "@/server/connectors/pool";
import { insertConnectorWithinLimit } from "@/server/db/connectors";
import { buildConnectorRow } from "../support/builders";
import { useTestDatabase } from "../support/db";
import { startEverything, type NpmPeer } from "../support/npm-mcp-peers";
import { signedInCaller } from "../support/trpc";

useTestDatabase();
let everything: NpmPeer;

beforeAll(async () => {
  everything = await startEverything();
}, 30_000);
afterAll(async () => {
  await mcpPool().closeAll();
  await everything.close();
});

async function owner() {
  const session = await signedInCaller();
  const c = await session.caller.connectors.create({ name: "Everything", url: everything.url, auth: { type: "none" } });
  return { ...session, connectorId: c.id };
}

describe("resources", () => {
  it("lists the server's resources and templates, with each template's variables", async () => {
    const { caller, connectorId } = await owner();
    const listing = await caller.mcp.resources({ connectorId });
    expect(listing.connectorName).toBe("Everything");
    expect(listing.resources).toContainEqual({
      uri: "demo://resource/static/document/architecture.md",
      name: "architecture.md",
      description: "Static document file exposed from /docs: architecture.md",
      mimeType: "text/markdown",
    });
    expect(listing.templates.map((t) => [t.name, t.variables])).toEqual([
      ["Dynamic Text Resource", ["resourceId"]],
      ["Dynamic Blob Resource", ["resourceId"]],
    ]);
  });

  it("reads a text resource for the chat, named as the user saw it", async () => {
    const { caller, connectorId } = await owner();
    const [doc] = await caller.mcp.readResource({
      connectorId,
      uri: "demo://resource/static/document/architecture.md",
      name: "architecture.md",
    });
    expect(doc).toMatchObject({
      connectorName: "Everything",
      name: "architecture.md",
      mimeType: "text/markdown",
      truncated: false,
    });
    expect(doc!.text).toContain("Architecture");
    expect(doc!.size).toBe(Buffer.byteLength(doc!.text!));
  });

  it("fills in a template; binary content is described by type and size, never passed on", async () => {
    const { caller, connectorId } = await owner();
    const [text] = await caller.mcp.readTemplate({
      connectorId,
      uriTemplate: "demo://resource/dynamic/text/{resourceId}",
      values: { resourceId: "7" },
    });
    expect(text).toMatchObject({ uri: "demo://resource/dynamic/text/7" });
    expect(text!.text).toMatch(/^Resource 7: /);
    const [blob] = await caller.mcp.readTemplate({
      connectorId,
      uriTemplate: "demo://resource/dynamic/blob/{resourceId}",
      values: { resourceId: "1" },
    });
    expect(blob!.text).toBeUndefined();
    expect(blob!.size).toBeGreaterThan(20);
  });

  it("asks for a missing template value by name, and refuses URIs that are not URIs", async () => {
    const { caller, connectorId } = await owner();
    await expect(
      caller.mcp.readTemplate({ connectorId, uriTemplate: "demo://resource/dynamic/text/{resourceId}", values: {} }),
    ).rejects.toThrow("Fill in resourceId.");
    await expect(caller.mcp.readResource({ connectorId, uri: "not a uri" })).rejects.toThrow(/valid resource URI/);
    await expect(caller.mcp.readResource({ connectorId, uri: "demo://x\u0000y" })).rejects.toThrow(
      /valid resource URI/,
    );
  });

  it("reports a resource the server does not have in the server's words", async () => {
    const { caller, connectorId } = await owner();
    await expect(caller.mcp.readResource({ connectorId, uri: "demo://nowhere" })).rejects.toThrow(
      /^Everything answered: /,
    );
  });
});

describe("prompts", () => {
  it("lists every enabled connector's prompts under the connector's name", async () => {
    const { caller } = await owner();
    const { prompts, unavailable } = await caller.mcp.prompts();
    expect(unavailable).toEqual([]);
    expect(prompts.map((p) => p.name)).toEqual([
      "simple-prompt",
      "args-prompt",
      "completable-prompt",
      "resource-prompt",
    ]);
    expect(prompts[1]).toMatchObject({
      connectorName: "Everything",
      title: "Arguments Prompt",
      arguments: [
        { name: "city", description: "Name of the city", required: true },
        { name: "state", required: false },
      ],
    });
  });

  it("fills a prompt in: its messages as text, an embedded resource as an attachment", async () => {
    const { caller, connectorId } = await owner();
    const plain = await caller.mcp.getPrompt({ connectorId, name: "args-prompt", args: { city: "Paris" } });
    expect(plain).toEqual({ messages: [{ role: "user", text: "What's weather in Paris?" }], attachments: [] });
    const withResource = await caller.mcp.getPrompt({
      connectorId,
      name: "resource-prompt",
      args: { resourceType: "Text", resourceId: "2" },
    });
    expect(withResource.messages[0]!.text).toContain("Text resource with id: 2");
    expect(withResource.attachments).toEqual([
      expect.objectContaining({
        uri: "demo://resource/dynamic/text/2",
        connectorName: "Everything",
        mimeType: "text/plain",
      }),
    ]);
  });

  it("completes prompt arguments, using the values already chosen", async () => {
    const { caller, connectorId } = await owner();
    const ref = { type: "ref/prompt" as const, name: "completable-prompt" };
    expect(await caller.mcp.complete({ connectorId, ref, argument: { name: "department", value: "E" } })).toEqual([
      "Engineering",
    ]);
    expect(
      await caller.mcp.complete({
        connectorId,
        ref,
        argument: { name: "name", value: "" },
        context: { department: "Engineering" },
      }),
    ).toEqual(["Alice", "Bob", "Charlie"]);
  });

  it("names a connector whose prompts could not be listed and still lists the others", async () => {
    const { caller, user } = await owner();
    // Saved when it worked; its server has gone away since.
    await insertConnectorWithinLimit(
      buildConnectorRow({ id: randomUUID(), userId: user.id, name: "Gone", url: "http://127.0.0.1:9/mcp" }),
      10,
    );
    const { prompts, unavailable } = await caller.mcp.prompts();
    expect(unavailable).toEqual(["Gone"]);
    expect(prompts.filter((p) => p.connectorName === "Everything")).toHaveLength(4);
  });
});

describe("ownership", () => {
  it("answers another user's connector as not found, for every procedure", async () => {
    const { connectorId } = await owner();
    const { caller: other } = await signedInCaller();
    const ref = { type: "ref/prompt" as const, name: "completable-prompt" };
    await expect(other.mcp.resources({ connectorId })).rejects.toThrow("Connector not found.");
    await expect(other.mcp.readResource({ connectorId, uri: "demo://resource/dynamic/text/1" })).rejects.toThrow(
      "Connector not found.",
    );
    await expect(other.mcp.complete({ connectorId, ref, argument: { name: "department", value: "" } })).rejects.toThrow(
      "Connector not found.",
    );
    await expect(other.mcp.getPrompt({ connectorId, name: "simple-prompt", args: {} })).rejects.toThrow(
      "Connector not found.",
    );
    expect((await other.mcp.prompts()).prompts).toEqual([]);
  });

  it("refuses a turned-off connector", async () => {
    const { caller, connectorId } = await owner();
    await caller.connectors.toggle({ id: connectorId, enabled: false });
    await expect(caller.mcp.resources({ connectorId })).rejects.toThrow("Everything is turned off.");
  });
});
