// Finding: /signin?callbackUrl=/%09/evil.example passed the check (a tab is not a slash) and
// browsers strip the tab, leaving //evil.example: an open redirect after sign-in.
import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/safe-redirect";
import { count } from "./report";

const offSite = [
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r/evil.example",
  "/ \t/evil.example",
  "\t//evil.example",
  "//evil.example",
  "///evil.example",
  "/\\evil.example",
  "\\/evil.example",
  "https://evil.example",
  "http:evil.example",
  "javascript:alert(1)",
  "/\u0000/evil.example",
  "/\u001f/evil.example",
  "/\u007f/evil.example",
];

describe("callbackUrl after sign-in", () => {
  it("never leaves the app's origin, however the value is spelled", () => {
    for (const value of offSite) {
      count("probes");
      // Next decodes the query string before the page sees it; the browser then follows the result.
      const path = safeCallbackPath(value, "/dashboard", "https://app.example.com");
      const followed = new URL(path.replace(/[\t\n\r]/g, ""), "https://app.example.com");
      if (followed.origin === "https://app.example.com") count("refused");
      expect(followed.origin, JSON.stringify(value)).toBe("https://app.example.com");
      expect(path).toBe("/dashboard");
    }
  });
});
