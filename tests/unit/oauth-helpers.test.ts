// Small rules of OAuth connectors that decide what the user sees or which sign-in is used.
import { describe, expect, it } from "vitest";
import { accountFromIdToken } from "@/server/oauth/client";
import { sameUrl } from "@/server/connectors/oauth-flow";
import { unionScopes } from "@/server/connectors/oauth-tokens";

const jwt = (claims: unknown) => `e30.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;

describe("OAuth helpers", () => {
  it("treats a bare origin and the origin with '/' as one URL, and nothing else", () => {
    expect(sameUrl("https://mcp.example.com", "https://mcp.example.com/")).toBe(true);
    expect(sameUrl("https://MCP.example.com:443/mcp", "https://mcp.example.com/mcp")).toBe(true);
    expect(sameUrl("https://mcp.example.com/mcp", "https://mcp.example.com/mcp/")).toBe(false);
    expect(sameUrl("https://mcp.example.com/mcp", "not a url")).toBe(false);
  });

  it("asks for every scope once when signing in again", () => {
    expect(unionScopes(["mcp"], "mcp read", ["admin", " "], undefined, null)).toEqual(["mcp", "read", "admin"]);
  });

  it("shows who the tokens belong to from the id_token, preferring the email", () => {
    expect(accountFromIdToken(jwt({ sub: "1", name: "Alice", email: "alice@example.com" }))).toBe("alice@example.com");
    expect(accountFromIdToken(jwt({ sub: "1", preferred_username: "alice" }))).toBe("alice");
    expect(accountFromIdToken(jwt({ sub: "1" }))).toBeUndefined();
    expect(accountFromIdToken("not-a-jwt")).toBeUndefined();
    expect(accountFromIdToken(undefined)).toBeUndefined();
  });
});
