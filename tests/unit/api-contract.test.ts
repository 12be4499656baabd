// The API as clients see it: pinned shapes (docs/api-contract.json) and the generated
// reference (docs/api.md). After an intended change run `npm run docs:api`.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { breakingChanges, type ContractEntry } from "@/server/api/contract";
import { apiMarkdown, apiReference } from "@/server/api/reference";

const pinned = JSON.parse(readFileSync("docs/api-contract.json", "utf8")) as ContractEntry[];
const current = apiReference();

describe("API contract", () => {
  it("has no breaking change against the pinned contract", () => {
    expect(breakingChanges(pinned, current)).toEqual([]);
  });

  it("pins every procedure, with a summary and its errors", () => {
    expect(current.map((p) => p.path)).toEqual(pinned.map((p) => p.path));
    for (const p of current) {
      expect(p.summary, `${p.path} needs .meta({ summary })`).not.toBe("");
      expect(p.errors).toContain("INTERNAL");
    }
  });

  it("is documented in docs/api.md as generated now", () => {
    expect(readFileSync("docs/api.md", "utf8"), "docs/api.md is out of date: run npm run docs:api").toBe(
      apiMarkdown(current),
    );
  });

  it("names the procedure and field of each breaking change", () => {
    const create = pinned.find((p) => p.path === "connectors.create")!;
    const list = pinned.find((p) => p.path === "connectors.list")!;
    const input = structuredClone(create.input!) as { properties: Record<string, unknown>; required: string[] };
    input.properties.tags = { type: "string" };
    input.required.push("tags");
    const output = structuredClone(list.output!) as { items: { properties: Record<string, unknown> } };
    delete output.items.properties.toolCount;
    const changed = pinned
      .map((p) => (p.path === create.path ? { ...p, input } : p.path === list.path ? { ...p, output } : p))
      .filter((p) => p.path !== "agent.status");
    expect(breakingChanges(pinned, changed)).toEqual([
      "agent.status: procedure removed",
      "connectors.create: input field tags is now required",
      "connectors.list: output field [].toolCount removed",
    ]);
  });
});
