import { describe, expect, it } from "vitest";
import { redactUrl, secretInUrl } from "@/lib/url-secrets";

describe("secretInUrl", () => {
  it.each([
    ["https://mcp.example.com/mcp?api_key=abc", "the query parameter api_key"],
    ["https://mcp.example.com/mcp?access_token=x1", "the query parameter access_token"],
    ["https://mcp.example.com/mcp?x=9f8e7d6c5b4a39281706f5e4", "the query parameter x"],
    ["https://mcp.zapier.example/api/mcp/s/Zt9kQ2mN8xL4pR7vB3cH5jW1/mcp", "a long random part of its path"],
    ["https://mcp.example.com/token/abcdefghijkl/mcp", "a long random part of its path"],
    ["https://mcp.example.com/0f8fad5b-d9cb-469f-a165-70867728950e/sse", "a long random part of its path"],
  ])("flags %s", (url, what) => {
    expect(secretInUrl(url)).toBe(what);
  });

  it.each([
    "https://mcp.example.com/mcp",
    "https://mcp.example.com/v1/mcp?format=json&page=2",
    "https://docs.example.com/servers/knowledge-base/mcp",
    "https://mcp.example.com/mcp?api_key=",
    "https://mcp.example.com/%E0%A4%A/mcp",
    "not a url",
    "",
  ])("leaves %s alone", (url) => {
    expect(secretInUrl(url)).toBeNull();
  });
});

describe("redactUrl", () => {
  it("replaces each secret part, keeping the rest", () => {
    expect(redactUrl("https://mcp.example.com/mcp?api_key=abc&page=2")).toBe(
      "https://mcp.example.com/mcp?api_key=****&page=2",
    );
    expect(redactUrl("https://z.example/api/mcp/s/Zt9kQ2mN8xL4pR7vB3cH5jW1/mcp")).toBe(
      "https://z.example/api/mcp/s/****/mcp",
    );
    expect(redactUrl("https://mcp.example.com/mcp")).toBe("https://mcp.example.com/mcp");
  });
});
