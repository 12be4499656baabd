import { describe, expect, it } from "vitest";
import { canonicalHash, canonicalJson } from "@/server/platform/canonical";

describe("canonical JSON", () => {
  it("spells the same value the same way whatever the key order, at every level", () => {
    const a = { to: "x@example.com", meta: { b: 1, a: [{ y: 2, x: 1 }] } };
    const b = { meta: { a: [{ x: 1, y: 2 }], b: 1 }, to: "x@example.com" };
    expect(canonicalJson(a)).toBe('{"meta":{"a":[{"x":1,"y":2}],"b":1},"to":"x@example.com"}');
    expect(canonicalHash(a)).toBe(canonicalHash(b));
  });

  it("tells different arguments apart, including array order and types", () => {
    expect(canonicalHash({ to: "a" })).not.toBe(canonicalHash({ to: "b" }));
    expect(canonicalHash([1, 2])).not.toBe(canonicalHash([2, 1]));
    expect(canonicalHash({ n: 1 })).not.toBe(canonicalHash({ n: "1" }));
  });

  it("treats missing values as JSON does", () => {
    expect(canonicalJson(undefined)).toBe("null");
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(canonicalJson("tab\t")).toBe('"tab\\t"');
  });
});
