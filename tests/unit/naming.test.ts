import { describe, expect, it } from "vitest";
import { MODEL_TOOL_NAME, ToolNamer } from "@/server/agent/naming";

const docs = { id: "conn-docs-1", name: "Docs" };
const wiki = { id: "conn-wiki-2", name: "Docs" }; // same display name, other connector

describe("tool names for the model", () => {
  it("keeps readable names and separates two servers offering the same tool", () => {
    const namer = new ToolNamer();
    const a = namer.name(docs, "search");
    const b = namer.name(wiki, "search");
    expect(a).toMatch(/^Docs_[0-9a-f]{6}__search$/);
    expect(a).not.toBe(b);
    expect(namer.resolve(a)).toEqual({ connectorId: "conn-docs-1", toolName: "search" });
    expect(namer.resolve(b)).toEqual({ connectorId: "conn-wiki-2", toolName: "search" });
  });

  it("gives the same name for the same tool every time", () => {
    expect(new ToolNamer().name(docs, "search")).toBe(new ToolNamer().name(docs, "search"));
  });

  const hostile = [
    "search",
    "x".repeat(300),
    "x".repeat(300) + "y",
    "résumé.lookup",
    "résumé_lookup",
    "工具",
    "🔥🔥",
    "a__b",
    "a/b",
    "a b",
    "a.b",
    "a-b",
    "a_b",
    "__",
    "-",
    "",
    "Docs_000000__search",
  ];

  it("produces valid, unique, reversible names for hostile tool and connector names", () => {
    const namer = new ToolNamer();
    const connectors = [
      docs,
      wiki,
      { id: "c3", name: "💣".repeat(40) },
      { id: "c4", name: "a__b/../c" },
      { id: "c5", name: "n".repeat(200) },
    ];
    const seen = new Map<string, string>();
    for (const c of connectors) {
      for (const t of hostile) {
        const name = namer.name(c, t);
        expect(name).toMatch(MODEL_TOOL_NAME);
        const key = `${c.id}|${t}`;
        expect(seen.get(name) ?? key).toBe(key);
        seen.set(name, key);
        expect(namer.resolve(name)).toEqual({ connectorId: c.id, toolName: t });
      }
    }
    expect(seen.size).toBe(connectors.length * hostile.length);
  });

  it("never hands out a reserved (system tool) name", () => {
    const namer = new ToolNamer();
    const taken = namer.name(docs, "search");
    const fresh = new ToolNamer();
    fresh.reserve(taken);
    const name = fresh.name(docs, "search");
    expect(name).not.toBe(taken);
    expect(fresh.resolve(name)).toEqual({ connectorId: docs.id, toolName: "search" });
    expect(fresh.resolve(taken)).toBeUndefined();
  });

  it("does not resolve names it never handed out", () => {
    expect(new ToolNamer().resolve("Docs_abcdef__search")).toBeUndefined();
  });
});
