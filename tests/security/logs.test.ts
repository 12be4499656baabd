// Finding: model errors logged the whole prompt. The AI SDK's APICallError carries
// `requestBodyValues` (every message, tool results, email bodies) and `responseBody`, and
// the logger copied every property of an error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as chat } from "@/app/api/agent/chat/route";
import { resetEnvForTests } from "@/env";
import { logger } from "@/server/platform/log";
import { useTestDatabase } from "../support/db";
import { startFakeModel, type FakeModel } from "../support/fake-openai";
import { captureLogs } from "../support/logs";
import { appRequest, sessionCookie } from "../support/session";
import { readUiStream } from "../support/ui-stream";
import { signedInCaller } from "../support/trpc";
import { count } from "./report";

useTestDatabase();
const logs = captureLogs();
let model: FakeModel;
const saved = { ...process.env };

beforeAll(async () => {
  model = await startFakeModel();
  Object.assign(process.env, { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "sk-test-key", AGENT_MODEL: "fake-model" });
  resetEnvForTests();
});
afterAll(async () => {
  process.env = { ...saved };
  resetEnvForTests();
  await model.close();
});

describe("logs of failed model calls", () => {
  it("name the error, its status and code, and never the conversation", async () => {
    // Uppercase words: a request id (hex) or a user id (lowercase) cannot contain them by chance.
    const secret = "my IBAN is DE89370400440532013000 and the door code is ZEBRA-4711";
    // A hostile or careless endpoint echoes the request in its error body.
    model.reply = (req) => ({
      status: 500,
      body: JSON.stringify({ error: { message: "upstream failed", code: "upstream_error" }, echo: req.messages }),
    });
    const { user } = await signedInCaller();
    count("probes");
    const res = await chat(
      appRequest("/api/agent/chat", {
        method: "POST",
        cookie: await sessionCookie(user),
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          id: "leaky",
          messages: [{ id: "m1", role: "user", parts: [{ type: "text", text: secret }] }],
        }),
      }),
    );
    const chunks = await readUiStream(res);
    expect(chunks.some((c) => c.type === "error")).toBe(true);
    const failure = logs.lines().find((l) => l.event === "agent.model_error");
    expect(failure?.err).toMatchObject({
      name: "AI_RetryError",
      lastError: { type: "APICallError", name: "AI_APICallError", statusCode: 500 },
    });
    expect(logs.raw()).not.toContain("DE89370400440532013000");
    expect(logs.raw()).not.toContain("ZEBRA-4711");
    count("refused");
  });

  it("keep a nested cause's name and code, and plain values as their type", () => {
    const inner = Object.assign(new Error("socket hang up"), { code: "ECONNRESET", body: "prompt text" });
    logger().warn({ event: "test.nested", err: new Error("fetch failed", { cause: inner }) }, "x");
    logger().warn({ event: "test.string", err: "postgres://u:pw@db refused" }, "x");
    logger().warn({ event: "test.object", err: { body: "prompt text" } }, "x");
    const [nested, text, object] = ["test.nested", "test.string", "test.object"].map((e) =>
      logs.lines().find((l) => l.event === e),
    );
    expect(nested?.err).toMatchObject({
      message: "fetch failed",
      cause: { code: "ECONNRESET", message: "socket hang up" },
    });
    expect(text?.err).toBe("postgres://u:[redacted]@db refused");
    expect(object?.err).toBe("object");
    expect(logs.raw()).not.toContain("prompt text");
  });
});
