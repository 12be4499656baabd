import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/safe-redirect";

describe("callback after sign-in", () => {
  it.each([
    ["/dashboard/schema-agent?x=1", "/dashboard/schema-agent?x=1"],
    ["https://evil.example/", "/dashboard"],
    ["//evil.example/", "/dashboard"],
    ["/\\evil.example", "/dashboard"],
    [undefined, "/dashboard"],
  ])("%s goes to %s", (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });
});
