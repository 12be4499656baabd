import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MODEL_TOOL_NAME } from "@/server/agent/naming";
import { SYSTEM_TOOLS, systemTool } from "@/server/tools/registry";

describe("system tool registry", () => {
  it("has unique ids and agent tool names the model accepts", () => {
    expect(new Set(SYSTEM_TOOLS.map((t) => t.id)).size).toBe(SYSTEM_TOOLS.length);
    const names = SYSTEM_TOOLS.flatMap((t) => t.agentTools.map((a) => a.name));
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(MODEL_TOOL_NAME);
  });

  it("describes every agent tool with a JSON Schema object for its input", () => {
    for (const t of SYSTEM_TOOLS.flatMap((s) => s.agentTools)) {
      expect(t.description.length).toBeGreaterThan(10);
      expect(z.toJSONSchema(t.input, { io: "input" })).toMatchObject({ type: "object" });
    }
  });

  it("offers Databases, Gmail, Analytics and Export, with Calendar coming soon and no tools yet", () => {
    expect(SYSTEM_TOOLS.map((t) => [t.id, t.status])).toEqual([
      ["databases", "available"],
      ["gmail", "available"],
      ["analytics", "available"],
      ["export", "available"],
      ["calendar", "beta"],
    ]);
    expect(systemTool("calendar").agentTools).toEqual([]);
    expect(
      systemTool("gmail")
        .agentTools.filter((a) => a.requiresConfirmation)
        .map((a) => a.name),
    ).toEqual(["gmail_send_message"]);
    expect(() => systemTool("nope" as never)).toThrow("unknown system tool nope");
  });

  it("gives the agent its Databases tools, connected for everyone until they disconnect them", () => {
    const databases = systemTool("databases");
    expect(databases).toMatchObject({ connect: "builtin", connectedByDefault: true });
    expect(databases.agentTools.map((a) => a.name)).toEqual([
      "list_databases",
      "list_tables",
      "describe_table",
      "find_columns",
      "sample_rows",
      "run_query",
      "explain_query",
    ]);
    expect(databases.agentTools.some((a) => a.requiresConfirmation)).toBe(false);
    const runQuery = databases.agentTools.find((a) => a.name === "run_query")!;
    expect(runQuery.inputSchema).toMatchObject({ required: ["sql"] });
  });

  it("refuses malformed arguments before touching any service", async () => {
    const send = systemTool("gmail").agentTools.find((a) => a.name === "gmail_send_message")!;
    await expect(send.run({ userId: "u" }, { to: "not-an-email", subject: "x", body: "y" })).rejects.toThrow();
    await expect(
      send.run({ userId: "u" }, { to: "a@example.com", subject: "line\r\nBcc: evil@example.com", body: "y" }),
    ).rejects.toThrow();
  });
});
