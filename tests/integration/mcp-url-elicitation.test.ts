// A server that answers a tool call with "URL elicitation required" (MCP 2025-11-25, JSON-RPC
// error -32042): the user is shown each page it needs, exactly as a URL question, and once
// they have finished (or the server says the step is complete, notifications/elicitation/
// complete) the call runs again. Declined, cancelled or malformed: a clear error, no retry.
// A completion from another connector or another user's session settles nothing.
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import type { ToolCallOutcome } from "@/lib/schemas/agent";
import type { ElicitationView } from "@/lib/schemas/elicitation";
import { handleChat } from "@/server/agent/chat";
import { mcpPool } from "@/server/connectors/pool";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  McpError,
  UrlElicitationRequiredError,
  type CallToolResult,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { useTestDatabase } from "../support/db";
import { startFakeModel, type FakeModel } from "../support/fake-openai";
import type { TestServer, ToolCall } from "../support/mcp-servers";
import { startStatefulMcpServer } from "../support/mcp-sessions";
import { signedInCaller } from "../support/trpc";
import { readUiStream } from "../support/ui-stream";

useTestDatabase();
const saved = { ...process.env };
const servers: TestServer[] = [];
let model: FakeModel | null = null;

function configure(vars: Record<string, string> = {}) {
  process.env = { ...saved, RELAY_POLL_MS: "50", ...vars };
  resetEnvForTests();
}
beforeEach(() => configure());
afterEach(async () => {
  await mcpPool().closeAll();
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await model?.close();
  model = null;
});
afterAll(() => {
  process.env = { ...saved };
  resetEnvForTests();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tool = (name: string): Tool => ({ name, inputSchema: { type: "object", properties: {} } });
const text = (t: string): CallToolResult => ({ content: [{ type: "text", text: t }] });
const STEP = {
  mode: "url" as const,
  elicitationId: "consent-1",
  url: "https://auth.example.com/consent?x=1",
  message: "Approve",
};

/**
 * A server whose `publish` tool needs the user's consent in a browser: it answers -32042
 * until `consent()` is called. `ping` sends a completion for `consent-1` on its own session.
 */
async function consentServer(error: (call: ToolCall) => Error = () => new UrlElicitationRequiredError([STEP])) {
  let consented = false;
  let calls = 0;
  const sessions: Server[] = [];
  const server = await startStatefulMcpServer({
    tools: [tool("publish"), tool("ping")],
    onCall: async (name, _args, call) => {
      if (!sessions.includes(call.server)) sessions.push(call.server);
      if (name === "ping") {
        await call.server.notification({
          method: "notifications/elicitation/complete",
          params: { elicitationId: STEP.elicitationId },
        });
        return text("pong");
      }
      calls += 1;
      if (!consented) throw error(call);
      return text("published");
    },
  });
  servers.push(server);
  return {
    url: server.url,
    calls: () => calls,
    consent: () => {
      consented = true;
    },
    /** Tells every session (each user's connection) that the step is complete. */
    complete: (elicitationId = STEP.elicitationId) =>
      Promise.all(
        sessions.map((s) =>
          s.notification({ method: "notifications/elicitation/complete", params: { elicitationId } }),
        ),
      ),
  };
}

let n = 0;
async function userWith(
  url: string,
  name = "Publisher",
  session?: Awaited<ReturnType<typeof signedInCaller>>,
  tools = ["publish", "ping"],
) {
  const s = session ?? (await signedInCaller());
  const c = await s.caller.connectors.create({ name, url, auth: { type: "none" } });
  for (const t of tools)
    await s.caller.toolPolicy.update({
      tool: { kind: "connector", connectorId: c.id, toolName: t },
      policy: "always",
    });
  n += 1;
  const conversationId = `url-elicitation-${n}`;
  const run = (toolName: string, connectorId = c.id) =>
    s.caller.agent
      .runTool({ conversationId, selection: { kind: "connector", connectorId, toolName }, args: {} })
      .then((r) => r.outcome);
  const questions = () => s.caller.agent.questions({ conversationId }) as Promise<ElicitationView[]>;
  const question = async (): Promise<ElicitationView> => {
    for (let i = 0; i < 200; i++) {
      const [q] = await questions();
      if (q) return q;
      await sleep(25);
    }
    throw new Error("no question arrived");
  };
  return { ...s, connectorId: c.id, conversationId, run, questions, question };
}

describe("a tool call answered “URL elicitation required” (-32042)", () => {
  it("shows the page as a URL question; once the user has finished, the call runs again and succeeds", async () => {
    const server = await consentServer();
    const u = await userWith(server.url);
    const call = u.run("publish");
    const q = await u.question();
    expect(q).toMatchObject({
      connectorName: "Publisher",
      mode: "url",
      domain: "auth.example.com",
      url: "https://auth.example.com/consent?x=1",
      message: "Approve",
      status: "pending",
    });
    expect(server.calls()).toBe(1);
    server.consent();
    await u.caller.agent.answerQuestion({ id: q.id, action: "accept" });
    const outcome = await call;
    expect(outcome).toMatchObject({ ok: true, text: "published" });
    expect(server.calls()).toBe(2);
  });

  it("declined: a clear error naming the connector and the site, and the call is not sent again", async () => {
    const server = await consentServer();
    const u = await userWith(server.url);
    const call = u.run("publish");
    await u.caller.agent.answerQuestion({ id: (await u.question()).id, action: "decline" });
    const outcome = await call;
    expect(outcome).toMatchObject({ ok: false, errorCode: "ELICITATION_INCOMPLETE" });
    expect(outcome.text).toBe(
      "Publisher needs you to complete a step in your browser (on auth.example.com) before this tool can run. You declined it, so the tool did not run.",
    );
    expect(server.calls()).toBe(1);
    // Declining is the user's choice, not a failing connector.
    const [listed] = await u.caller.connectors.list();
    expect(listed?.status).not.toBe("failing");
  });

  it("cancelled or unanswered in time: the same clear error, no retry", async () => {
    const server = await consentServer();
    const u = await userWith(server.url);
    const call = u.run("publish");
    await u.caller.agent.answerQuestion({ id: (await u.question()).id, action: "cancel" });
    expect((await call).text).toMatch(/You cancelled it, so the tool did not run\.$/);
    configure({ ELICITATION_TIMEOUT_MS: "1000" });
    expect((await u.run("publish")).text).toMatch(/Nobody finished it in time, so the tool did not run\.$/);
    expect(server.calls()).toBe(2);
  });

  it("a server that still asks after the retries is stopped with a clear error", async () => {
    const server = await consentServer();
    const u = await userWith(server.url);
    const call = u.run("publish");
    for (let i = 0; i < 2; i++) {
      const q = await u.question();
      await u.caller.agent.answerQuestion({ id: q.id, action: "accept" });
    }
    const outcome = await call;
    expect(outcome).toMatchObject({ ok: false, errorCode: "TOOL_FAILED" });
    expect(outcome.text).toBe(
      "Publisher still asks for a step in your browser after 2 retries, so the call was stopped.",
    );
    expect(server.calls()).toBe(3);
  });

  it("Stop while the page waits withdraws the question and sends nothing again", async () => {
    model = await startFakeModel();
    configure({ OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "sk-test", AGENT_MODEL: "fake" });
    const server = await consentServer();
    const u = await userWith(server.url);
    const turn = handleChat(u.user.id, {
      id: u.conversationId,
      messages: [{ id: "u1", role: "user", parts: [{ type: "text", text: "publish it" }] }],
      selectedTool: { kind: "connector", connectorId: u.connectorId, toolName: "publish" },
    }).then(readUiStream);
    await u.question();
    await u.caller.agent.stop({ conversationId: u.conversationId });
    await turn;
    expect(await u.questions()).toEqual([]);
    server.consent();
    await sleep(200);
    expect(server.calls()).toBe(1);
  });

  it.each([
    ["no data", new McpError(-32042, "URL elicitation required"), "it sent no pages to open"],
    [
      "a javascript: address",
      new UrlElicitationRequiredError([{ ...STEP, url: "javascript:alert(1)" }]),
      "pages must be http(s) addresses without credentials",
    ],
    [
      "an address with credentials",
      new UrlElicitationRequiredError([{ ...STEP, url: "https://user:pw@auth.example.com/" }]),
      "pages must be http(s) addresses without credentials",
    ],
    [
      "too many pages",
      new UrlElicitationRequiredError(Array.from({ length: 4 }, (_, i) => ({ ...STEP, elicitationId: `step-${i}` }))),
      "it asked for more than 3 pages",
    ],
    [
      "an overlong id",
      new UrlElicitationRequiredError([{ ...STEP, elicitationId: "x".repeat(201) }]),
      "elicitations.0.elicitationId",
    ],
    [
      "a form instead of a page",
      new McpError(-32042, "required", { elicitations: [{ mode: "form", message: "hi", requestedSchema: {} }] }),
      "elicitations.0.mode",
    ],
  ])("%s: a clear error naming the connector; nothing shown, no retry", async (_label, err, reason) => {
    const server = await consentServer(() => err);
    const u = await userWith(server.url);
    const outcome = await u.run("publish");
    expect(outcome).toMatchObject({ ok: false, errorCode: "TOOL_FAILED" });
    expect(outcome.text).toContain("Publisher asked for a step in your browser, but its request is not valid");
    expect(outcome.text).toContain(reason);
    expect(await u.questions()).toEqual([]);
    expect(server.calls()).toBe(1);
  });
});

describe("notifications/elicitation/complete", () => {
  it("the server says the step is done: the question settles by itself, the card shows it, and the call runs again", async () => {
    model = await startFakeModel();
    configure({ OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "sk-test", AGENT_MODEL: "fake" });
    const server = await consentServer();
    const u = await userWith(server.url);
    const turn = handleChat(u.user.id, {
      id: u.conversationId,
      messages: [{ id: "u1", role: "user", parts: [{ type: "text", text: "publish it" }] }],
      selectedTool: { kind: "connector", connectorId: u.connectorId, toolName: "publish" },
    }).then(readUiStream);
    await u.question();
    server.consent();
    await server.complete();
    const chunks = (await turn) as { type: string; data?: unknown; output?: ToolCallOutcome }[];
    const shown = chunks.filter((c) => c.type === "data-elicitation").map((c) => c.data as ElicitationView);
    expect(shown.map((v) => [v.status, v.completedByServer ?? false])).toEqual([
      ["pending", false],
      ["accepted", true],
    ]);
    const note = chunks.find((c) => c.type === "data-toolStatus")?.data as { message: string } | undefined;
    expect(note?.message).toBe("Publisher: the step in your browser is done; running the tool again.");
    expect(chunks.find((c) => c.type === "tool-output-available")?.output).toMatchObject({
      ok: true,
      text: "published",
    });
    expect(await u.questions()).toEqual([]);
  });

  it("settles a URL question asked with elicitation/create as well: the server hears accept", async () => {
    let session: Server | null = null;
    const server = await startStatefulMcpServer({
      tools: [tool("verify")],
      onCall: async (_name, _args, call) => {
        session = call.server;
        const answer = await call.server.elicitInput({
          mode: "url",
          elicitationId: "verify-7",
          url: "https://id.example.com/verify",
          message: "Verify",
        });
        return text(`answer: ${answer.action}`);
      },
    });
    servers.push(server);
    const u = await userWith(server.url, "Identity", undefined, ["verify"]);
    const call = u.run("verify");
    expect(await u.question()).toMatchObject({ mode: "url", domain: "id.example.com", status: "pending" });
    await session!.notification({
      method: "notifications/elicitation/complete",
      params: { elicitationId: "verify-7" },
    });
    expect(await call).toMatchObject({ ok: true, text: "answer: accept" });
    expect(await u.questions()).toEqual([]);
  });

  it("ignores a completion from another connector, another user's session or an unknown id", async () => {
    const server = await consentServer();
    const other = await consentServer();
    const alice = await userWith(server.url);
    const call = alice.run("publish");
    const q = await alice.question();
    // Alice's other connector says "consent-1" is complete: not its question.
    const aliceOther = await userWith(other.url, "Other", alice);
    expect((await aliceOther.run("ping")).text).toBe("pong");
    // Bob, on the same server, completes an elicitation with the same id in his session.
    const bob = await userWith(server.url, "Publisher");
    expect((await bob.run("ping")).text).toBe("pong");
    // And Alice's own connection names ids it never issued: unknown, overlong, unstorable.
    await server.complete("never-issued");
    await server.complete("x".repeat(201));
    await server.complete("consent-1\u0000");
    await sleep(300);
    expect((await alice.questions()).map((x) => [x.id, x.status])).toEqual([[q.id, "pending"]]);
    // Only the right connection and id settle it.
    server.consent();
    await server.complete();
    expect(await call).toMatchObject({ ok: true, text: "published" });
  });
});
