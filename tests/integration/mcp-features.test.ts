// What MCP offers, reaching the user, against the MCP project's reference server
// (server-everything, from npm): a server's question answered as a form with its defaults,
// live progress, images, structured content checked against the tool's output schema,
// resource links read through the app; in the chat (the real model client against a local
// OpenAI-compatible server) and in the direct-run view.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import type { ToolCallOutcome } from "@/lib/schemas/agent";
import type { ElicitationView } from "@/lib/schemas/elicitation";
import { handleChat } from "@/server/agent/chat";
import { mcpPool } from "@/server/connectors/pool";
import { startEverything, type Everything } from "../support/everything";
import { errorOf } from "../support/errors";
import { defaultReply, startFakeModel, type FakeModel } from "../support/fake-openai";
import { useTestDatabase } from "../support/db";
import { signedInCaller } from "../support/trpc";
import { readUiStream } from "../support/ui-stream";

useTestDatabase();
let everything: Everything;
let model: FakeModel;
const saved = { ...process.env };

beforeAll(async () => {
  [everything, model] = await Promise.all([startEverything(), startFakeModel()]);
  Object.assign(process.env, {
    OPENAI_BASE_URL: model.url,
    OPENAI_API_KEY: "sk-test-key",
    AGENT_MODEL: "fake-model",
    RELAY_POLL_MS: "100",
    MCP_TEST_TIMEOUT_MS: "8000",
  });
  resetEnvForTests();
});
afterEach(() => {
  model.reply = defaultReply;
});
afterAll(async () => {
  process.env = { ...saved };
  resetEnvForTests();
  await mcpPool().closeAll();
  await Promise.all([everything.close(), model.close()]);
});

let n = 0;
async function setup() {
  const session = await signedInCaller();
  const c = await session.caller.connectors.create({ name: "Everything", url: everything.url, auth: { type: "none" } });
  n += 1;
  return { ...session, connectorId: c.id, conversationId: `features-${n}` };
}

async function firstQuestion(
  caller: Awaited<ReturnType<typeof setup>>["caller"],
  conversationId: string,
): Promise<ElicitationView> {
  for (let i = 0; i < 200; i++) {
    const [q] = await caller.agent.questions({ conversationId });
    if (q) return q as ElicitationView;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("no question arrived");
}

type Chunk = Record<string, unknown> & { type: string; data?: unknown; output?: ToolCallOutcome };

describe("elicitation against server-everything", () => {
  it("the connection declares form and URL questions, so the question tools are offered", async () => {
    const { caller } = await setup();
    const tools = (await caller.agent.availableTools()).map((t) => t.selection.toolName);
    expect(tools).toEqual(expect.arrayContaining(["trigger-elicitation-request", "trigger-url-elicitation"]));
  });

  it("shows the question in the chat naming the connector; the answer with the form's defaults reaches the server", async () => {
    const { user, caller, connectorId, conversationId } = await setup();
    // The tool declares no read-only hint, so the chat would ask first: the user allowed it.
    await caller.toolPolicy.update({
      tool: { kind: "connector", connectorId, toolName: "trigger-elicitation-request" },
      policy: "always",
    });
    const turn = handleChat(user.id, {
      id: conversationId,
      messages: [{ id: "u1", role: "user", parts: [{ type: "text", text: "ask me" }] }],
      selectedTool: { kind: "connector", connectorId, toolName: "trigger-elicitation-request" },
    }).then(readUiStream);
    const q = await firstQuestion(caller, conversationId);
    expect(q).toMatchObject({ connectorName: "Everything", mode: "form", status: "pending" });
    const byName = Object.fromEntries(q.fields.map((f) => [f.name, f]));
    expect(byName.integer).toMatchObject({ kind: "number", integer: true, minimum: 1, maximum: 100, default: 42 });
    expect(byName.email).toMatchObject({ kind: "text", format: "email" });
    expect(byName.birthdate).toMatchObject({ kind: "text", format: "date" });
    expect(byName.titledSingleSelectEnum).toMatchObject({
      kind: "select",
      options: [
        { value: "hero-1", label: "Superman" },
        { value: "hero-2", label: "Green Lantern" },
        { value: "hero-3", label: "Wonder Woman" },
      ],
      default: "hero-1",
    });
    expect(byName.titledMultipleSelectEnum).toMatchObject({ kind: "multiselect", default: ["fish-1"], maxItems: 3 });
    expect(byName.legacyTitledEnum).toMatchObject({
      kind: "select",
      options: expect.arrayContaining([{ value: "pet-1", label: "Cats" }]) as unknown,
    });
    expect(byName.name).toMatchObject({ required: true });

    // A bad answer is refused with the field's problem, and the question stays open.
    await expect(
      caller.agent.answerQuestion({ id: q.id, action: "accept", content: { name: "Ada", email: "not-an-email" } }),
    ).rejects.toMatchObject({
      message: expect.stringContaining("String with email format: Enter an email address") as unknown,
    });
    await caller.agent.answerQuestion({ id: q.id, action: "accept", content: { name: "Ada Lovelace" } });
    expect((await errorOf(caller.agent.answerQuestion({ id: q.id, action: "cancel" }))).code).toBe(
      "ELICITATION_CLOSED",
    );

    const chunks = (await turn) as Chunk[];
    const shown = chunks.filter((c) => c.type === "data-elicitation").map((c) => (c.data as ElicitationView).status);
    expect(shown).toEqual(["pending", "accepted"]);
    const output = chunks.find((c) => c.type === "tool-output-available")?.output;
    expect(output?.text).toContain("Name: Ada Lovelace");
    // Fields the user left as they were get the schema's defaults (SEP-1034).
    expect(output?.text).toContain("Favorite Integer: 42");
  });

  it("a decline and a cancel reach the server as such", async () => {
    const { caller, connectorId, conversationId } = await setup();
    const run = (action: "decline" | "cancel") => {
      const call = caller.agent.runTool({
        conversationId,
        selection: { kind: "connector", connectorId, toolName: "trigger-elicitation-request" },
        args: {},
      });
      return firstQuestion(caller, conversationId).then(async (q) => {
        await caller.agent.answerQuestion({ id: q.id, action });
        return call;
      });
    };
    expect((await run("decline")).outcome.text).toMatch(/declined/);
    expect((await run("cancel")).outcome.text).toMatch(/cancel/i);
  });

  it("a URL question shows the domain it would open; javascript: addresses are refused before the user sees them", async () => {
    const { caller, connectorId, conversationId } = await setup();
    const call = caller.agent.runTool({
      conversationId,
      selection: { kind: "connector", connectorId, toolName: "trigger-url-elicitation" },
      args: { url: "https://example.com/verify?step=1", message: "Verify your account" },
    });
    const q = await firstQuestion(caller, conversationId);
    expect(q).toMatchObject({ mode: "url", domain: "example.com", url: "https://example.com/verify?step=1" });
    await caller.agent.answerQuestion({ id: q.id, action: "accept" });
    expect((await call).outcome.ok).toBe(true);
  });
});

describe("URL elicitation required (-32042) against server-everything", () => {
  it("the page it needs first is shown; once finished, the call runs again and reaches its own URL question", async () => {
    const { caller, connectorId, conversationId } = await setup();
    const call = caller.agent.runTool({
      conversationId,
      selection: { kind: "connector", connectorId, toolName: "trigger-url-elicitation" },
      args: { url: "https://example.com/verify?step=2", message: "Verify", errorPath: true },
    });
    const prerequisite = await firstQuestion(caller, conversationId);
    expect(prerequisite).toMatchObject({ mode: "url", domain: "modelcontextprotocol.io", connectorName: "Everything" });
    await caller.agent.answerQuestion({ id: prerequisite.id, action: "accept" });
    // Answered, the first question is no longer open: the next one is the tool's own.
    const own = await firstQuestion(caller, conversationId);
    expect(own).toMatchObject({ mode: "url", domain: "example.com" });
    await caller.agent.answerQuestion({ id: own.id, action: "accept" });
    const { outcome } = await call;
    expect(outcome.ok).toBe(true);
    expect(outcome.text).toContain("User completed the URL elicitation flow");
  });
});

describe("results against server-everything", () => {
  const run = async (toolName: string, args: Record<string, unknown> = {}) => {
    const { caller, connectorId, conversationId } = await setup();
    const res = await caller.agent.runTool({
      conversationId,
      selection: { kind: "connector", connectorId, toolName },
      args,
    });
    return { ...res, caller, connectorId };
  };

  it("an image is carried to the card", async () => {
    const { outcome } = await run("get-tiny-image");
    expect(outcome.images?.[0]?.mimeType).toBe("image/png");
  });

  it("structured content matching the output schema is kept, with no mismatch", async () => {
    const { outcome } = await run("get-structured-content", { location: "New York" });
    expect(outcome.structured).toMatchObject({ temperature: expect.any(Number) as unknown });
    expect(outcome.structuredError).toBeUndefined();
  });

  it("resource links are listed and read through the connector: text shown, binary described", async () => {
    const { outcome, caller, connectorId } = await run("get-resource-links", { count: 2 });
    expect(outcome.links?.map((l) => l.name)).toEqual(["Blob Resource 1", "Text Resource 2"]);
    const [blob, text] = await Promise.all(
      outcome.links!.map((l) => caller.mcp.readResource({ connectorId, uri: l.uri })),
    );
    expect(blob?.[0]).toMatchObject({ mimeType: "text/plain", truncated: false });
    expect(blob?.[0]?.size).toBeGreaterThan(0);
    expect(blob?.[0]?.text).toBeUndefined();
    expect(blob?.[0]?.image).toBeUndefined();
    expect(text?.[0]).toMatchObject({
      connectorName: "Everything",
      text: expect.stringContaining("Resource 2") as unknown,
    });
    expect((await errorOf(caller.mcp.readResource({ connectorId: "nope", uri: "demo://x" }))).code).toBe("NOT_FOUND");
    // A resource the server does not have is a clear failure; a connector turned off reads nothing.
    expect((await errorOf(caller.mcp.readResource({ connectorId, uri: "demo://missing" }))).code).toBe("TOOL_ERROR");
    await caller.connectors.toggle({ id: connectorId, enabled: false });
    expect((await errorOf(caller.mcp.readResource({ connectorId, uri: outcome.links![1]!.uri }))).code).toBe(
      "TOOL_UNAVAILABLE",
    );
  });

  it("the chat streams the server's progress to the tool card as it happens", async () => {
    const { user, connectorId, conversationId } = await setup();
    model.reply = (req) =>
      req.messages.at(-1)?.role === "tool"
        ? { text: "done" }
        : {
            toolCalls: [
              {
                name: req.tool_choice ? (req.tool_choice as { function: { name: string } }).function.name : "",
                args: { duration: 1, steps: 4 },
              },
            ],
          };
    const chunks = (await readUiStream(
      await handleChat(user.id, {
        id: conversationId,
        messages: [{ id: "u1", role: "user", parts: [{ type: "text", text: "go" }] }],
        selectedTool: { kind: "connector", connectorId, toolName: "trigger-long-running-operation" },
      }),
    )) as Chunk[];
    const progress = chunks
      .filter((c) => c.type === "data-progress")
      .map((c) => c.data as { progress: number; total: number });
    expect(progress.map((p) => `${p.progress}/${p.total}`)).toEqual(["1/4", "2/4", "3/4", "4/4"]);
    // One id per call: each report replaces the last on the card.
    expect(new Set(chunks.filter((c) => c.type === "data-progress").map((c) => c.id)).size).toBe(1);
    expect(chunks.find((c) => c.type === "tool-output-available")?.output?.ok).toBe(true);
  });
});
