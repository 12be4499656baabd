import { describe, expect, it } from "vitest";
import { storable } from "@/server/db/json";

describe("values written to PostgreSQL", () => {
  it("have NUL characters replaced everywhere, other values untouched", () => {
    const when = new Date(0);
    expect(storable({ "a\u0000": ["x\u0000y", 1, null, true, { b: "\u0000" }], when })).toEqual({
      "a\uFFFD": ["x\uFFFDy", 1, null, true, { b: "\uFFFD" }],
      when,
    });
    expect(storable("plain")).toBe("plain");
  });
});
