// Bad input to any procedure: a specific validation message, and nothing changes.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { listConnectors } from "@/server/db/connectors";
import { useTestDatabase } from "../support/db";
import { signedInCaller } from "../support/trpc";

useTestDatabase();

type Caller = Awaited<ReturnType<typeof signedInCaller>>["caller"];
const CASES: [string, (c: Caller) => Promise<unknown>, RegExp][] = [
  [
    "connectors.create without a name",
    (c) => c.connectors.create({ name: " ", url: "https://x.example/mcp", auth: { type: "none" } }),
    /Enter a name/,
  ],
  [
    "connectors.create with a 61-character name",
    (c) => c.connectors.create({ name: "n".repeat(61), url: "https://x.example/mcp", auth: { type: "none" } }),
    /at most 60 characters/,
  ],
  [
    "connectors.create with an unknown auth type",
    (c) => c.connectors.create({ name: "x", url: "https://x.example/mcp", auth: { type: "oauth" } as never }),
    /./,
  ],
  [
    "connectors.create with an empty token",
    (c) => c.connectors.create({ name: "x", url: "https://x.example/mcp", auth: { type: "bearer", token: "" } }),
    /Enter a value/,
  ],
  [
    "connectors.create with duplicate headers",
    (c) =>
      c.connectors.create({
        name: "x",
        url: "https://x.example/mcp",
        auth: {
          type: "headers",
          headers: [
            { name: "X-A", value: "1" },
            { name: "x-a", value: "2" },
          ],
        },
      }),
    /Each header may appear once/,
  ],
  [
    "connectors.test with a URL of 3000 characters",
    (c) => c.connectors.test({ url: `https://x.example/${"a".repeat(3000)}`, auth: { type: "none" } }),
    /at most 2048 characters/,
  ],
  ["connectors.update with an empty id", (c) => c.connectors.update({ id: "" }), /./],
  ["connectors.toggle without enabled", (c) => c.connectors.toggle({ id: "x" } as never), /./],
  ["tools.connect with an unknown tool", (c) => c.tools.connect({ toolId: "slack" as never }), /./],
  ["tools.analytics with an unknown period", (c) => c.tools.analytics({ period: "1y" as never }), /./],
  ["agent.conversation with a bad id", (c) => c.agent.conversation({ id: "../etc" }), /Invalid conversation id/],
  [
    "agent.runTool with a bad selection",
    (c) =>
      c.agent.runTool({
        conversationId: "c1",
        selection: { kind: "connector", connectorId: "", toolName: "t" },
        args: {},
      }),
    /./,
  ],
];

describe("validation", () => {
  it.each(CASES)("%s is refused with a validation error", async (_name, call, message) => {
    const { caller, user } = await signedInCaller();
    let caught: unknown;
    try {
      await call(caller);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeDefined();
    const code = (caught as { code?: string }).code;
    expect(caught instanceof AppError ? caught.code : code).toMatch(/BAD_REQUEST|VALIDATION/);
    expect((caught as Error).message).toMatch(message);
    expect(await listConnectors(user.id)).toEqual([]);
  });
});
