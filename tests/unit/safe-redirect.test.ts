import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/safe-redirect";

describe("callback after sign-in", () => {
  it.each([
    ["/dashboard/schema-agent?x=1", "/dashboard/schema-agent?x=1"],
    ["/dashboard#chat", "/dashboard#chat"],
    ["https://evil.example/", "/dashboard"],
    ["//evil.example/", "/dashboard"],
    ["/\\evil.example", "/dashboard"],
    // Security finding: browsers strip the tab, leaving //evil.example (failed before the fix).
    ["/\t/evil.example", "/dashboard"],
    ["/\n/evil.example", "/dashboard"],
    ["/\r\n/evil.example", "/dashboard"],
    ["/\u0000/evil.example", "/dashboard"],
    ["/%09/evil.example", "/%09/evil.example"],
    [undefined, "/dashboard"],
  ])("%j goes to %s", (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });

  it("resolves against the app's URL and keeps only its origin", () => {
    expect(safeCallbackPath("/a/../b?c=1", "/dashboard", "https://app.example.com/")).toBe("/b?c=1");
    expect(safeCallbackPath("/x", "/dashboard", "not a url")).toBe("/dashboard");
  });
});
