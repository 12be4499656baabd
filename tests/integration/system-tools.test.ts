// System tools: Gmail through a local OAuth server and mail API, Analytics from the
// tool-call log, Export streamed; connect and disconnect are idempotent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import { findToolStatus } from "@/server/db/tool-status";
import { recordToolCall } from "@/server/db/tool-calls";
import { completeGmailAuthorization } from "@/server/tools/gmail/oauth";
import { gmailTools } from "@/server/tools/gmail/tools";
import { analyticsTools } from "@/server/tools/analytics";
import { exportStream, exportTools, resultToCsv, csvField } from "@/server/tools/export";
import { startFakeGoogle, type FakeGoogle } from "../support/fake-google";
import { captureLogs } from "../support/logs";
import { useTestDatabase } from "../support/db";
import { signedInCaller } from "../support/trpc";
import { errorOf } from "../support/errors";

useTestDatabase();
const logs = captureLogs();
let google: FakeGoogle;
const saved = { ...process.env };

beforeAll(async () => {
  google = await startFakeGoogle();
  Object.assign(process.env, google.env);
  resetEnvForTests();
});
afterAll(async () => {
  process.env = { ...saved };
  resetEnvForTests();
  await google.close();
});

/** What the browser does in the popup: follow the authorization URL to our callback. */
async function consent(authorizeUrl: string): Promise<{ code: string | null; state: string | null }> {
  const res = await fetch(authorizeUrl, { redirect: "manual" });
  const location = new URL(res.headers.get("location") ?? "");
  expect(location.pathname).toBe("/api/tools/gmail/callback");
  return { code: location.searchParams.get("code"), state: location.searchParams.get("state") };
}

async function connectGmail() {
  const session = await signedInCaller();
  const started = await session.caller.tools.connect({ toolId: "gmail" });
  if (started.state !== "authorize") throw new Error("expected an authorization URL");
  const result = await completeGmailAuthorization(session.user.id, await consent(started.authorizeUrl));
  return { ...session, result };
}

describe("tools.list", () => {
  it("describes every system tool with its state", async () => {
    const { caller } = await signedInCaller();
    const tools = await caller.tools.list();
    expect(tools.map((t) => [t.id, t.state])).toEqual([
      ["databases", "connected"],
      ["gmail", "disconnected"],
      ["analytics", "connected"],
      ["export", "connected"],
      ["calendar", "coming_soon"],
    ]);
    expect(tools.find((t) => t.id === "gmail")?.tools.map((t) => t.name)).toEqual([
      "gmail_search_messages",
      "gmail_read_message",
      "gmail_send_message",
    ]);
  });

  it("says what an administrator must set when Gmail is not configured", async () => {
    delete process.env.GMAIL_CLIENT_ID;
    delete process.env.GMAIL_CLIENT_SECRET;
    resetEnvForTests();
    try {
      const { caller } = await signedInCaller();
      const gmail = (await caller.tools.list()).find((t) => t.id === "gmail");
      expect(gmail).toMatchObject({
        state: "not_configured",
        notConfiguredReason: expect.stringContaining("GMAIL_CLIENT_ID") as unknown,
      });
      expect((await errorOf(caller.tools.connect({ toolId: "gmail" }))).code).toBe("TOOL_NOT_CONFIGURED");
    } finally {
      Object.assign(process.env, google.env);
      resetEnvForTests();
    }
  });

  it("refuses to connect a beta tool", async () => {
    const { caller } = await signedInCaller();
    expect((await errorOf(caller.tools.connect({ toolId: "calendar" }))).code).toBe("TOOL_UNAVAILABLE");
  });
});

describe("built-in tools", () => {
  it("start connected and offered to the agent; a user may still turn them off and on", async () => {
    const { caller } = await signedInCaller();
    const builtin = async () => (await caller.tools.list()).filter((t) => t.id === "analytics" || t.id === "export");
    expect((await builtin()).map((t) => t.state)).toEqual(["connected", "connected"]);
    const offered = async () =>
      (await caller.agent.availableTools()).flatMap((t) =>
        t.selection.kind === "system" && t.selection.toolId !== "databases" ? [t.selection.toolName] : [],
      );
    expect(await offered()).toEqual([...analyticsTools, ...exportTools].map((t) => t.name));
    expect(await caller.tools.connect({ toolId: "analytics" })).toEqual({ state: "connected" });
    expect(await caller.tools.disconnect({ toolId: "analytics" })).toEqual({ state: "disconnected" });
    expect(await caller.tools.disconnect({ toolId: "analytics" })).toEqual({ state: "disconnected" });
    expect((await builtin()).map((t) => t.state)).toEqual(["disconnected", "connected"]);
    expect(await offered()).toEqual(exportTools.map((t) => t.name));
    expect(await caller.tools.connect({ toolId: "analytics" })).toEqual({ state: "connected" });
  });
});

describe("Gmail", () => {
  it("connects through authorization code + PKCE and keeps the tokens encrypted", async () => {
    const { caller, user, result } = await connectGmail();
    expect(result.account).toBe("me@gmail.test");
    const exchange = google.tokenRequests.at(-1);
    expect(exchange).toMatchObject({
      grant_type: "authorization_code",
      redirect_uri: "http://localhost:3000/api/tools/gmail/callback",
    });
    // RFC 7636 §4.1: 43 characters of the unreserved set.
    expect(exchange?.code_verifier).toMatch(/^[A-Za-z0-9._~-]{43}$/);
    const status = await findToolStatus(user.id, "gmail");
    expect(status?.encryptedTokens).toBeTruthy();
    expect(status?.encryptedTokens).not.toMatch(/at-|rt-/);
    expect((await caller.tools.list()).find((t) => t.id === "gmail")).toMatchObject({
      state: "connected",
      account: "me@gmail.test",
    });
    expect(await caller.tools.connect({ toolId: "gmail" })).toEqual({ state: "connected" });
    expect(logs.raw()).not.toMatch(/"(at|rt)-[0-9a-f]{16}/);
  });

  it("refuses a state that was used already, belongs to someone else, or never existed", async () => {
    const a = await signedInCaller();
    const b = await signedInCaller();
    const started = await a.caller.tools.connect({ toolId: "gmail" });
    if (started.state !== "authorize") throw new Error("expected an authorization URL");
    const params = await consent(started.authorizeUrl);
    expect((await errorOf(completeGmailAuthorization(b.user.id, params))).code).toBe("VALIDATION");
    expect((await errorOf(completeGmailAuthorization(a.user.id, params))).code).toBe("VALIDATION"); // taken by b's attempt
    expect((await errorOf(completeGmailAuthorization(a.user.id, { code: "x", state: "made-up" }))).message).toMatch(
      /expired or was already used/,
    );
    expect(await findToolStatus(a.user.id, "gmail")).toBeNull();
  });

  it("searches, reads and sends mail with the user's token", async () => {
    const { user } = await connectGmail();
    const [search, read, send] = gmailTools;
    const found = await search!.run({ userId: user.id }, { query: "from:alice" });
    expect(found.text).toContain("Quarterly report");
    expect((found.structured as { messages: unknown[] }).messages).toHaveLength(2);
    const message = await read!.run({ userId: user.id }, { id: "m2" });
    expect(message.text).toContain("Noon at the usual place.");
    expect(send!.requiresConfirmation).toBe(true);
    await send!.run({ userId: user.id }, { to: "carol@example.com", subject: "Hi", body: "Hello Carol" });
    expect(google.sent.at(-1)).toEqual({ to: "carol@example.com", subject: "Hi", body: "Hello Carol" });
    expect((await errorOf(read!.run({ userId: user.id }, { id: "nope" }))).code).toBe("NOT_FOUND");
  });

  it("refreshes an expired access token before calling Gmail", async () => {
    google.setAccessTtl(30); // within the one-minute refresh margin
    try {
      const { user } = await connectGmail();
      const before = google.tokenRequests.length;
      await gmailTools[0]!.run({ userId: user.id }, { query: "lunch" });
      expect(google.tokenRequests.slice(before).map((r) => r.grant_type)).toContain("refresh_token");
    } finally {
      google.setAccessTtl(3600);
    }
  });

  it("marks Gmail disconnected when Google revoked the refresh token", async () => {
    google.setAccessTtl(30);
    try {
      const { user, caller } = await connectGmail();
      google.revokeAll();
      expect((await errorOf(gmailTools[0]!.run({ userId: user.id }, { query: "x" }))).message).toBe(
        "Gmail access was revoked. Connect Gmail again.",
      );
      expect((await caller.tools.list()).find((t) => t.id === "gmail")?.state).toBe("disconnected");
    } finally {
      google.setAccessTtl(3600);
    }
  });

  it("disconnect revokes at Google and deletes the tokens, idempotently", async () => {
    const { user, caller } = await connectGmail();
    const revokedBefore = google.revoked.length;
    expect(await caller.tools.disconnect({ toolId: "gmail" })).toEqual({ state: "disconnected" });
    expect(google.revoked.length).toBe(revokedBefore + 1);
    expect(await findToolStatus(user.id, "gmail")).toMatchObject({ connected: false, encryptedTokens: null });
    expect(await caller.tools.disconnect({ toolId: "gmail" })).toEqual({ state: "disconnected" });
    expect(google.revoked.length).toBe(revokedBefore + 1);
  });
});

describe("Analytics", () => {
  it("computes calls, success rate, latency percentiles and failures from the log", async () => {
    const { user, caller } = await signedInCaller();
    const other = await signedInCaller();
    for (const [ms, ok, code] of [
      [10, true],
      [20, true],
      [30, true],
      [40, false, "TIMEOUT"],
      [100, false, "AUTH_FAILED"],
    ] as const) {
      await recordToolCall({
        userId: user.id,
        connectorName: "Docs",
        toolName: "search",
        durationMs: ms,
        ok,
        errorCode: code ?? null,
      });
    }
    await recordToolCall({
      userId: other.user.id,
      toolName: "search",
      durationMs: 999,
      ok: false,
      errorCode: "TIMEOUT",
    });
    const report = await caller.tools.analytics({ period: "7d" });
    expect(report.totals).toMatchObject({ calls: 5, failures: 2, successRate: 0.6, p50: 30 });
    expect(report.totals.p95).toBeCloseTo(88, 0);
    expect(report.byTool).toEqual([
      expect.objectContaining({ tool: "search", source: "Docs", calls: 5, successRate: 0.6 }),
    ]);
    expect(report.failuresByCode).toEqual(
      expect.arrayContaining([
        { code: "TIMEOUT", count: 1 },
        { code: "AUTH_FAILED", count: 1 },
      ]),
    );
    expect(report.daily.reduce((n, d) => n + d.calls, 0)).toBe(5);
    const agent = await analyticsTools[0]!.run({ userId: user.id }, { period: "7d" });
    expect(agent.text).toContain("5 tool calls, 60% succeeded");
  });
});

describe("Analytics sources", () => {
  it("mark a system tool's calls, so the page can name the tool instead of showing its id", async () => {
    const { user, caller } = await signedInCaller();
    await recordToolCall({
      userId: user.id,
      systemToolId: "gmail",
      toolName: "gmail_search_messages",
      durationMs: 5,
      ok: true,
    });
    expect((await caller.tools.analytics({ period: "24h" })).byTool).toEqual([
      expect.objectContaining({ tool: "gmail_search_messages", source: "gmail", system: true }),
    ]);
  });
});

describe("Export", () => {
  async function read(stream: ReadableStream<Uint8Array>): Promise<string> {
    return new Response(stream).text();
  }

  it("streams every tool call of the user, across pages, as JSON and CSV", async () => {
    const { user } = await signedInCaller();
    for (let i = 0; i < 1203; i++)
      await recordToolCall({
        userId: user.id,
        toolName: `t${i}`,
        durationMs: i,
        ok: true,
        arguments: { i },
        result: { text: "=cmd|' /C calc'!A0" },
      });
    const json = JSON.parse(await read(exportStream(user.id, "tool_calls", "json"))) as { toolName: string }[];
    expect(json).toHaveLength(1203);
    expect(json[0]?.toolName).toBe("t0");
    const csv = (await read(exportStream(user.id, "tool_calls", "csv"))).trimEnd().split("\r\n");
    expect(csv).toHaveLength(1204);
    expect(csv[0]).toBe(
      "id,createdAt,conversationId,connectorName,systemToolId,toolName,durationMs,ok,errorCode,arguments,result",
    );
  }, 60_000);

  it("neutralises spreadsheet formulas and quotes CSV fields", () => {
    expect(csvField("=SUM(A1)")).toBe('"\'=SUM(A1)"');
    expect(csvField(-5)).toBe("-5");
    expect(csvField('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(
      resultToCsv([
        { a: 1, b: "x" },
        { a: 2, c: true },
      ]),
    ).toBe("a,b,c\r\n1,x,\r\n2,,true\r\n");
  });

  it("exports a given result for download", async () => {
    const { user } = await signedInCaller();
    const out = await exportTools[0]!.run(
      { userId: user.id },
      { title: "Top tools", data: [{ tool: "search", calls: 3 }] },
    );
    expect(out.text).toMatch(/\/api\/export\/results\/\S+\?format=csv/);
  });
});
