import { describe, expect, it } from "vitest";
import { timeAgo } from "@/lib/time-ago";

describe("time ago", () => {
  const now = Date.UTC(2026, 10, 24, 12, 0, 0);
  it.each([
    [10, "just now"],
    [5 * 60, "5 min ago"],
    [3 * 3600, "3 h ago"],
    [2 * 86400, "2 d ago"],
  ])("%i s ago reads %s", (seconds, text) => {
    expect(timeAgo(new Date(now - seconds * 1000), now)).toBe(text);
  });
  it("is empty without a date", () => {
    expect(timeAgo(null, now)).toBe("");
  });
});
