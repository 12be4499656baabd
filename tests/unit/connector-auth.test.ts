// Completing a form's auth settings with stored secrets: a secret left empty keeps the
// saved one for the exact saved URL and header name only, and the edit form never gets a secret back.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { resolveAuth, withoutSecrets } from "@/server/connectors/service/auth";
import { sameUrl } from "@/server/connectors/oauth-flow";

const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return `${err.code}: ${err.message}`;
    throw err;
  }
  throw new Error("expected an error");
};

describe("resolveAuth", () => {
  it("keeps a saved bearer token or API key when the field is left empty", () => {
    expect(resolveAuth({ type: "bearer" }, { type: "bearer", token: "t1" }, false)).toEqual({
      type: "bearer",
      token: "t1",
    });
    expect(
      resolveAuth({ type: "api_key", header: "x-key" }, { type: "api_key", header: "X-Key", value: "v" }, false),
    ).toEqual({ type: "api_key", header: "x-key", value: "v" });
    expect(resolveAuth({ type: "bearer", token: "t2" }, { type: "bearer", token: "t1" }, false)).toEqual({
      type: "bearer",
      token: "t2",
    });
  });

  it("never sends a saved secret to another URL or under another header name, and says why", () => {
    expect(message(() => resolveAuth({ type: "bearer" }, { type: "bearer", token: "t1" }, true))).toBe(
      "VALIDATION: Enter the token again: saved secrets are only sent to the exact URL they were saved for.",
    );
    expect(
      message(() =>
        resolveAuth({ type: "api_key", header: "X-Echo" }, { type: "api_key", header: "X-Key", value: "v" }, false),
      ),
    ).toBe("VALIDATION: Enter the API key again: a saved secret is only sent under the header name it was saved for.");
    expect(
      message(() => resolveAuth({ type: "api_key", header: "X" }, { type: "api_key", header: "X", value: "v" }, true)),
    ).toMatch(/Enter the API key again/);
  });

  it("asks for a secret that was never saved, or saved for another kind of auth", () => {
    expect(message(() => resolveAuth({ type: "bearer" }, null, false))).toBe("VALIDATION: Enter the token.");
    expect(message(() => resolveAuth({ type: "api_key", header: "X" }, { type: "bearer", token: "t" }, false))).toBe(
      "VALIDATION: Enter the API key.",
    );
  });

  it("matches saved header values by name, case-insensitively, one by one", () => {
    const stored = { type: "headers" as const, headers: [{ name: "X-Team", value: "blue" }] };
    expect(
      resolveAuth({ type: "headers", headers: [{ name: "x-team" }, { name: "X-New", value: "n" }] }, stored, false),
    ).toEqual({
      type: "headers",
      headers: [
        { name: "x-team", value: "blue" },
        { name: "X-New", value: "n" },
      ],
    });
    expect(message(() => resolveAuth({ type: "headers", headers: [{ name: "X-Other" }] }, stored, false))).toBe(
      "VALIDATION: Enter the value of header X-Other.",
    );
    expect(message(() => resolveAuth({ type: "headers", headers: [{ name: "X-Team" }] }, stored, true))).toMatch(
      /again: saved secrets/,
    );
  });

  it("needs nothing for no auth", () => {
    expect(resolveAuth({ type: "none" }, { type: "bearer", token: "t" }, true)).toEqual({ type: "none" });
  });
});

describe("withoutSecrets", () => {
  it("gives the edit form the settings with every secret removed", () => {
    expect(withoutSecrets({ type: "none" })).toEqual({ type: "none" });
    expect(withoutSecrets({ type: "bearer", token: "t" })).toEqual({ type: "bearer" });
    expect(withoutSecrets({ type: "api_key", header: "X-Key", value: "v" })).toEqual({
      type: "api_key",
      header: "X-Key",
    });
    expect(withoutSecrets({ type: "headers", headers: [{ name: "A", value: "1" }] })).toEqual({
      type: "headers",
      headers: [{ name: "A" }],
    });
    expect(JSON.stringify(withoutSecrets({ type: "oauth" } as never))).toBe('{"type":"oauth"}');
  });
});

describe("sameUrl", () => {
  it("compares the whole URL once normalised; anything unparsable is not the same", () => {
    expect(sameUrl("https://A.example:443/mcp", "https://a.example/mcp")).toBe(true);
    expect(sameUrl("https://a.example/mcp", "https://a.example/other")).toBe(false);
    expect(sameUrl("https://a.example/mcp", "https://a.example/mcp?x=1")).toBe(false);
    expect(sameUrl("not a url", "not a url")).toBe(false);
  });
});
