// Arbitrary input to every procedure: rejections are clear validation (or not-found,
// limit) errors, never an internal error.
import fc from "fast-check";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import { appRouter } from "@/server/api/root";
import { useTestDatabase } from "../support/db";
import { report } from "../support/count";
import { signedInCaller } from "../support/trpc";

useTestDatabase();

beforeAll(() => {
  process.env.CONNECTION_TESTS_PER_MINUTE = "100000";
  process.env.MCP_TEST_TIMEOUT_MS = "300";
  resetEnvForTests();
});
afterAll(() => {
  delete process.env.CONNECTION_TESTS_PER_MINUTE;
  process.env.MCP_TEST_TIMEOUT_MS = "3000";
  resetEnvForTests();
});

// Inputs shaped like the real ones, with hostile values, plus anything at all.
const hostileString = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "../../etc/passwd",
    "http://169.254.169.254/",
    "javascript:alert(1)",
    "x".repeat(5000),
    "💥",
  ),
);
const plausible = fc.record(
  {
    id: hostileString,
    name: hostileString,
    url: hostileString,
    toolId: hostileString,
    period: hostileString,
    enabled: fc.anything(),
    auth: fc.oneof(
      fc.anything(),
      fc.record({
        type: fc.constantFrom("none", "bearer", "api_key", "headers", "oauth"),
        token: hostileString,
        header: hostileString,
        value: hostileString,
      }),
    ),
    conversationId: hostileString,
    selection: fc.anything(),
    args: fc.anything(),
    email: hostileString,
    password: hostileString,
  },
  { requiredKeys: [] },
);
const anyInput = fc.oneof(plausible, fc.anything());

describe("fuzzing procedures", () => {
  it("never answers with an internal error", async () => {
    const { caller } = await signedInCaller();
    const procedures = Object.keys(appRouter._def.procedures);
    const codes = new Map<string, number>();
    let tried = 0;
    for (const path of procedures) {
      const [router, proc] = path.split(".") as [string, string];
      const fn = (caller as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>)[router]![
        proc
      ]!;
      await fc.assert(
        fc.asyncProperty(anyInput, async (input) => {
          tried += 1;
          try {
            const result = await fn(input);
            if (result && typeof result === "object" && Symbol.asyncIterator in result)
              for await (const _ of result as AsyncIterable<unknown>) void _;
            codes.set("OK", (codes.get("OK") ?? 0) + 1);
          } catch (err) {
            const code = err instanceof TRPCError ? err.code : `non-tRPC ${(err as Error).name}`;
            codes.set(code, (codes.get(code) ?? 0) + 1);
            expect(code, `${path} with ${JSON.stringify(input)?.slice(0, 200)}: ${(err as Error).message}`).not.toMatch(
              /INTERNAL_SERVER_ERROR|non-tRPC/,
            );
          }
        }),
        { numRuns: 40 },
      );
    }
    report("fuzz procedures", tried, `0 internal errors (${[...codes].map(([c, n]) => `${c} ${n}`).join(", ")})`);
  }, 120_000);
});
