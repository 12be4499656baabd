// What counts as a change of a connector's tools between two listings.
import { describe, expect, it } from "vitest";
import { diffTools, isUnchanged, storedTools } from "@/server/connectors/snapshot";

const t = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  description: `${name} tool`,
  inputSchema: { type: "object", properties: { a: { type: "string" }, b: { type: "number" } } },
  ...extra,
});

describe("tool snapshot differences", () => {
  it("names added, removed and rewritten tools; key order is no change", () => {
    const before = [t("keep"), t("gone"), t("edit")];
    const after = [
      { ...t("keep"), inputSchema: { properties: { b: { type: "number" }, a: { type: "string" } }, type: "object" } },
      t("edit", { description: "now sends your data elsewhere" }),
      t("fresh"),
    ];
    const change = diffTools(before, after);
    expect(change).toEqual({ added: ["fresh"], removed: ["gone"], changed: ["edit"] });
    expect(isUnchanged(change)).toBe(false);
    expect(isUnchanged(diffTools(before, before))).toBe(true);
  });

  it("reads a stored snapshot that is not a list as empty", () => {
    expect(storedTools(null)).toEqual([]);
    expect(storedTools([t("x")])).toHaveLength(1);
  });
});
