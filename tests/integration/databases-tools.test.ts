// The Databases system tools on the sample shop (the real embedded database, built once
// for this file): through executeTool and the direct-run form, with results as tables,
// downloads, the row limit, refused writes, and the agent with the fake model calling
// describe_table then run_query.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as exportedResult } from "@/app/api/export/results/[id]/route";
import { resetEnvForTests } from "@/env";
import type { QueryResultContent } from "@/lib/schemas/database-schema";
import { handleChat } from "@/server/agent/chat";
import { executeTool } from "@/server/agent/execute";
import { loadUserTools } from "@/server/agent/toolset";
import { closeAllSampleDatabases } from "@/server/databases/engine/sample";
import { sampleSession } from "@/server/databases/service/sample";
import { seedDatabase } from "../support/databases";
import { useTestDatabase } from "../support/db";
import { defaultReply, startFakeModel, type FakeModel } from "../support/fake-openai";
import { appRequest, sessionCookie } from "../support/session";
import { signedInCaller } from "../support/trpc";
import { readUiStream } from "../support/ui-stream";

useTestDatabase();
let model: FakeModel;
const saved = { ...process.env };

beforeAll(async () => {
  model = await startFakeModel();
  await sampleSession(); // builds the sample into this file's DATA_DIR
}, 120_000);
afterEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
  model.reply = defaultReply;
  model.requests.length = 0;
});
afterAll(async () => {
  await model.close();
  await closeAllSampleDatabases();
});

async function run(userId: string, name: string, args: Record<string, unknown>) {
  const tool = (await loadUserTools(userId)).tools.get(name);
  if (!tool) throw new Error(`${name} is not loaded`);
  return executeTool(userId, tool, args);
}

describe("the Databases tools on the sample shop", () => {
  it("are connected for a new user and offered with one input schema each", async () => {
    const { caller } = await signedInCaller();
    expect((await caller.tools.list())[0]).toMatchObject({ id: "databases", state: "connected", connect: "builtin" });
    const offered = (await caller.agent.availableTools()).filter((t) => t.selection.kind === "system");
    expect(offered.find((t) => t.name === "run_query")?.inputSchema).toMatchObject({
      type: "object",
      required: ["sql"],
      properties: { sql: { type: "string" }, database: { type: "string" } },
    });
    await caller.tools.disconnect({ toolId: "databases" });
    expect((await caller.agent.availableTools()).some((t) => t.name === "run_query")).toBe(false);
    await caller.tools.connect({ toolId: "databases" });
    expect((await caller.agent.availableTools()).some((t) => t.name === "run_query")).toBe(true);
  });

  it("list the tables, describe one and find columns, from the real catalog", async () => {
    const { user, caller } = await signedInCaller();
    expect((await caller.databases.list())[0]).toMatchObject({ id: "sample", status: "connected" });
    const tables = await run(user.id, "list_tables", {});
    expect(tables).toMatchObject({ ok: true, source: { kind: "system", toolId: "databases" } });
    expect(tables.text).toContain("Database Sample shop:");
    expect(tables.text).toMatch(/- shop\.orders \(table, ~2400 rows, 6 columns\)/);
    const described = await run(user.id, "describe_table", { table: "orders" });
    expect(described.text).toContain("- customer_id integer not null");
    expect(described.text).toContain("Foreign key (customer_id) → shop.customers (id)");
    expect(described.text).toContain("Referenced by shop.order_items (order_id) → (id)");
    expect(described.structured).toMatchObject({
      table: { schema: "shop", name: "orders", primaryKey: { columns: ["id"] } },
    });
    const found = await run(user.id, "find_columns", { query: "customer email" });
    expect(found.text).toContain("- shop.customers.email text");
    const missing = await run(user.id, "describe_table", { table: "order" });
    expect(missing).toMatchObject({ ok: false, errorCode: "NOT_FOUND" });
    expect(missing.text).toMatch(/Did you mean .*shop\.orders/);
  });

  it("run a query: the SQL that ran, typed columns, rows as a table, and downloads", async () => {
    const { user } = await signedInCaller();
    const sql = "SELECT status, count(*) AS orders FROM orders GROUP BY status ORDER BY status";
    const out = await run(user.id, "run_query", { sql });
    expect(out.ok).toBe(true);
    const result = out.structured as QueryResultContent;
    expect(result).toMatchObject({
      database: { id: "sample", name: "Sample shop" },
      sql,
      columns: [
        { name: "status", type: "order_status" },
        { name: "orders", type: "bigint" },
      ],
      truncated: false,
      rowLimit: 200,
    });
    expect(result.rows.length).toBe(result.rowCount);
    expect(result.rows.reduce((n, r) => n + Number(r[1]), 0)).toBe(2400);
    expect(out.text).toContain(`SQL that ran:\n${sql}`);

    const cookie = await sessionCookie(user);
    const params = { params: Promise.resolve({ id: result.export!.id }) };
    const csv = await exportedResult(appRequest(result.export!.links.csv, { cookie }), params);
    expect((await csv.text()).split("\r\n")[0]).toBe("status,orders");
    const json = (await (
      await exportedResult(appRequest(result.export!.links.json, { cookie }), params)
    ).json()) as Record<string, unknown>[];
    expect(json).toHaveLength(result.rowCount);
    expect(Object.keys(json[0]!)).toEqual(["status", "orders"]);
  });

  it("cap rows at QUERY_ROW_LIMIT and say the answer is truncated", async () => {
    process.env.QUERY_ROW_LIMIT = "5";
    resetEnvForTests();
    const { user } = await signedInCaller();
    const out = await run(user.id, "run_query", { sql: "SELECT id, email FROM customers ORDER BY id" });
    expect(out.structured).toMatchObject({ rowCount: 5, truncated: true, rowLimit: 5 });
    expect(out.text).toContain("TRUNCATED: more rows matched; only the first 5 are shown.");
    const sample = await run(user.id, "sample_rows", { table: "products", limit: 3 });
    expect(sample.structured).toMatchObject({ rowCount: 3, truncated: true, sql: 'SELECT * FROM "shop"."products"' });
  });

  it("refuse writes and batches through the tool path, and nothing changes", async () => {
    const { user } = await signedInCaller();
    for (const [sql, code] of [
      ["DELETE FROM orders", "READ_ONLY"],
      ["WITH gone AS (DELETE FROM payments RETURNING 1) SELECT count(*) FROM gone", "READ_ONLY"],
      ["SELECT 1; DROP TABLE orders", "VALIDATION"],
    ] as const) {
      const out = await run(user.id, "run_query", { sql });
      expect(out, sql).toMatchObject({ ok: false, errorCode: code });
    }
    const failed = await run(user.id, "run_query", { sql: "SELECT nme FROM customers" });
    expect(failed).toMatchObject({ ok: false, errorCode: "QUERY_FAILED" });
    expect(failed.text).toMatch(/column "nme" does not exist.*At character 8 of the SQL/);
    const counts = await run(user.id, "run_query", {
      sql: "SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM payments)",
    });
    expect((counts.structured as QueryResultContent).rows).toEqual([["2400", "2226"]]);
    const plan = await run(user.id, "explain_query", { sql: "SELECT * FROM orders WHERE customer_id = 7" });
    expect(plan.text).toContain("orders");
  });

  it("choose the database by name or id, refuse unknown, disabled or other users' databases", async () => {
    const { user, caller } = await signedInCaller();
    expect((await run(user.id, "list_tables", { database: "sample shop" })).ok).toBe(true);
    const listed = await run(user.id, "list_databases", {});
    expect(listed.text).toContain("- Sample shop (id sample, sample shop, connected) — default");
    expect(listed.structured).toEqual({
      databases: [{ id: "sample", name: "Sample shop", kind: "sample", status: "connected", default: true }],
    });
    const other = await signedInCaller();
    const theirs = await seedDatabase(other.user.id, { name: "Theirs" });
    const foreign = await run(user.id, "list_tables", { database: theirs.id });
    expect(foreign).toMatchObject({ ok: false, errorCode: "NOT_FOUND" });
    expect(foreign.text).toBe(`You have no database named "${theirs.id}". Your databases: Sample shop.`);
    await caller.databases.toggle({ id: "sample", enabled: false });
    expect(await run(user.id, "list_tables", {})).toMatchObject({
      ok: false,
      errorCode: "TOOL_UNAVAILABLE",
      text: "No database is enabled. Enable one under Databases (your databases: Sample shop (disabled)).",
    });
    expect((await run(user.id, "list_databases", {})).text).toContain("No database is enabled.");
  });

  it("run from the direct-run form and stay in the conversation and history", async () => {
    const { caller } = await signedInCaller();
    const { outcome } = await caller.agent.runTool({
      conversationId: "direct-sql",
      selection: { kind: "system", toolId: "databases", toolName: "run_query" },
      args: { sql: "SELECT count(*) AS customers FROM customers" },
    });
    expect(outcome).toMatchObject({ ok: true, structured: { rows: [["600"]] } });
    expect((await caller.agent.conversation({ id: "direct-sql" })).messages).toHaveLength(2);
    expect((await caller.tools.analytics({ period: "24h" })).byTool).toContainEqual(
      expect.objectContaining({ tool: "run_query", source: "databases", calls: 1 }),
    );
  });
});

describe("the Schema Query Agent", () => {
  it("calls describe_table then run_query, and the SQL and the table come back", async () => {
    Object.assign(process.env, { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "sk-test", AGENT_MODEL: "fake" });
    resetEnvForTests();
    const { user } = await signedInCaller();
    const sql = "SELECT country, count(*) AS customers FROM customers GROUP BY country ORDER BY 2 DESC LIMIT 3";
    model.reply = (req) => {
      const results = req.messages.filter((m) => m.role === "tool").length;
      if (results === 0) return { toolCalls: [{ name: "describe_table", args: { table: "customers" } }] };
      if (results === 1) return { toolCalls: [{ name: "run_query", args: { sql } }] };
      return { text: "Here are the top countries." };
    };
    const res = await handleChat(user.id, {
      id: "schema-agent",
      messages: [{ id: "u1", role: "user", parts: [{ type: "text", text: "Where do our customers live?" }] }],
    });
    const chunks = await readUiStream(res);

    const first = model.requests[0]!;
    const offered = first.tools!.map((t) => t.function.name);
    expect(offered).toEqual(expect.arrayContaining(["list_tables", "describe_table", "run_query", "explain_query"]));
    expect(first.tools!.find((t) => t.function.name === "run_query")?.function.parameters).toMatchObject({
      required: ["sql"],
    });
    expect(JSON.stringify(first.messages[0])).toContain("Schema Query Agent");
    // The description went back to the model before it wrote the SQL.
    expect(JSON.stringify(model.requests[1]!.messages.at(-1))).toContain("email text not null");
    expect(JSON.stringify(model.requests[2]!.messages.at(-1))).toContain("SQL that ran");

    const outputs = chunks.filter((c) => c.type === "tool-output-available");
    expect(outputs).toHaveLength(2);
    const table = (outputs[1]!.output as { structured: QueryResultContent }).structured;
    expect(table).toMatchObject({ sql, columns: [{ name: "country" }, { name: "customers", type: "bigint" }] });
    expect(table.rows).toHaveLength(3);
    const text = chunks
      .filter((c) => c.type === "text-delta")
      .map((c) => c.delta)
      .join("");
    expect(text).toBe("Here are the top countries.");
  });
});
