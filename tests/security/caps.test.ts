// Findings: a 12 MiB chat message was accepted, sent to the model and stored; chat and
// agent.runTool had no rate limit. Each cap is configurable and answers a clear error.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as chat } from "@/app/api/agent/chat/route";
import { resetEnvForTests } from "@/env";
import { AppError } from "@/lib/errors";
import { mcpPool } from "@/server/connectors/pool";
import { useTestDatabase } from "../support/db";
import { defaultReply, startFakeModel, type FakeModel } from "../support/fake-openai";
import { startMcpServer, type TestServer } from "../support/mcp-servers";
import { appRequest, sessionCookie } from "../support/session";
import { signedInCaller } from "../support/trpc";
import { count } from "./report";

useTestDatabase();
let model: FakeModel;
let mcp: TestServer;
const saved = { ...process.env };
const LIMITS = ["CHAT_MAX_BODY_BYTES", "CONVERSATION_MAX_MESSAGES", "CHAT_TURNS_PER_MINUTE", "TOOL_RUNS_PER_MINUTE"];

beforeAll(async () => {
  model = await startFakeModel();
  mcp = await startMcpServer();
  Object.assign(process.env, { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "sk-test-key", AGENT_MODEL: "fake-model" });
  resetEnvForTests();
});
beforeEach(() => {
  for (const name of LIMITS) delete process.env[name];
  resetEnvForTests();
  model.reply = defaultReply;
  model.requests.length = 0;
});
afterAll(async () => {
  process.env = { ...saved };
  resetEnvForTests();
  await mcpPool().closeAll();
  await Promise.all([model.close(), mcp.close()]);
});

function message(i: number, text = "hello") {
  return { id: `m${i}`, role: i % 2 ? "assistant" : "user", parts: [{ type: "text", text }] };
}

async function post(cookie: string, body: string, id = "caps") {
  count("probes");
  const res = await chat(
    appRequest("/api/agent/chat", { method: "POST", cookie, headers: { "content-type": "application/json" }, body }),
  );
  const json = res.headers.get("content-type")?.includes("application/json")
    ? ((await res.json()) as { error?: { code: string; message: string } })
    : (await res.text(), {});
  if (res.status >= 400) count("refused");
  return { status: res.status, error: json.error, id };
}

describe("chat caps", () => {
  it("refuse a 12 MiB message before it reaches the model or the database (1 MiB by default)", async () => {
    const { user, caller } = await signedInCaller();
    const cookie = await sessionCookie(user);
    const huge = JSON.stringify({ id: "huge", messages: [message(0, "x".repeat(12 * 1024 * 1024))] });
    const res = await post(cookie, huge);
    expect(res).toMatchObject({
      status: 413,
      error: { code: "VALIDATION", message: "The message is too large: at most 1 MiB per request." },
    });
    // Also when the sender does not declare its length (a stream).
    const streamed = new TextEncoder().encode(huge);
    const req = new Request("http://localhost:3000/api/agent/chat", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3000", cookie },
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < streamed.length; i += 64 * 1024) c.enqueue(streamed.subarray(i, i + 64 * 1024));
          c.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    count("probes");
    expect((await chat(req)).status).toBe(413);
    count("refused");
    expect(model.requests).toHaveLength(0);
    expect((await caller.agent.conversations()).map((c) => c.id)).not.toContain("huge");
  });

  it("take their sizes from the configuration", async () => {
    process.env.CHAT_MAX_BODY_BYTES = "2048";
    process.env.CONVERSATION_MAX_MESSAGES = "4";
    resetEnvForTests();
    const { user } = await signedInCaller();
    const cookie = await sessionCookie(user);
    expect(await post(cookie, JSON.stringify({ id: "c", messages: [message(0, "y".repeat(3000))] }))).toMatchObject({
      status: 413,
      error: { message: "The message is too large: at most 2 KiB per request." },
    });
    const five = JSON.stringify({ id: "c", messages: [0, 1, 2, 3, 4].map((i) => message(i)) });
    expect(await post(cookie, five)).toMatchObject({
      status: 400,
      error: {
        code: "VALIDATION",
        message: "This conversation has reached 4 messages. Start a new conversation to continue.",
      },
    });
    expect(model.requests).toHaveLength(0);
    const ok = await post(cookie, JSON.stringify({ id: "c", messages: [message(0)] }));
    expect(ok.status).toBe(200);
  });

  it("limit chat turns per user and minute, without affecting another user", async () => {
    process.env.CHAT_TURNS_PER_MINUTE = "2";
    resetEnvForTests();
    const alice = await sessionCookie((await signedInCaller()).user);
    const bob = await sessionCookie((await signedInCaller()).user);
    const turn = (cookie: string, i: number) =>
      post(cookie, JSON.stringify({ id: `turn-${i}`, messages: [message(0)] }));
    expect((await turn(alice, 1)).status).toBe(200);
    expect((await turn(alice, 2)).status).toBe(200);
    const third = await turn(alice, 3);
    expect(third).toMatchObject({ status: 429, error: { code: "RATE_LIMITED" } });
    expect(third.error?.message).toMatch(/^Too many messages\. Try again in \d+ s\.$/);
    expect((await turn(bob, 4)).status).toBe(200);
  });
});

describe("direct tool runs", () => {
  it("are limited per user and minute", async () => {
    process.env.TOOL_RUNS_PER_MINUTE = "2";
    resetEnvForTests();
    const { caller } = await signedInCaller();
    const { id } = await caller.connectors.create({ name: "Echo", url: mcp.url, auth: { type: "none" } });
    const tools = await caller.agent.availableTools();
    const toolName = tools.find((t) => t.selection.kind === "connector")!.selection;
    const run = () => {
      count("probes");
      return caller.agent.runTool({ conversationId: "direct-runs", selection: toolName, args: {} });
    };
    expect(id).toBeTruthy();
    await run();
    await run();
    const third = await run().catch((err: { cause?: unknown }) => err.cause);
    expect(third).toBeInstanceOf(AppError);
    expect((third as AppError).code).toBe("RATE_LIMITED");
    expect((third as AppError).message).toMatch(/^Too many tool runs\. Try again in \d+ s\.$/);
    count("refused");
  });
});
