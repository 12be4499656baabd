import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/env";

const key = Buffer.alloc(32, 7).toString("base64");

function problems(source: Record<string, string>): string[] {
  try {
    parseEnv(source);
  } catch (err) {
    if (err instanceof EnvError) return err.problems;
    throw err;
  }
  return [];
}

describe("environment", () => {
  it("needs nothing on the embedded default", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATA_DIR).toBe(".data");
    expect(env.PORT).toBe(3000);
  });

  it("refuses a PostgreSQL deployment without its secrets, one line per variable", () => {
    const found = problems({ DATABASE_URL: "postgresql://db/app" });
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^AUTH_SECRET: required when DATABASE_URL is set/);
    expect(found[1]).toMatch(/^ENCRYPTION_KEYS: required when DATABASE_URL is set/);
  });

  it("accepts a PostgreSQL deployment with its secrets, NEXTAUTH_SECRET as an alias", () => {
    const env = parseEnv({
      DATABASE_URL: "postgres://db/app",
      NEXTAUTH_SECRET: "x".repeat(32),
      ENCRYPTION_KEYS: `1:${key}`,
    });
    expect(env.AUTH_SECRET).toBe("x".repeat(32));
    expect(env.ENCRYPTION_KEYS).toEqual([{ version: 1, key }]);
  });

  it("names each bad value", () => {
    const found = problems({
      DATABASE_URL: "mysql://db",
      PORT: "99999",
      ENCRYPTION_KEYS: `1:${Buffer.alloc(16).toString("base64")}`,
      GITHUB_CLIENT_ID: "abc",
      AUTH_SECRET: "short",
    });
    expect(found.join("\n")).toContain("DATABASE_URL: must be a postgresql:// URL");
    expect(found.join("\n")).toContain("PORT:");
    expect(found.join("\n")).toContain("ENCRYPTION_KEYS: key version 1 is not 32 bytes of base64");
    expect(found.join("\n")).toContain(
      "GITHUB_CLIENT_SECRET: set both GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET, or neither",
    );
    expect(found.join("\n")).toContain("AUTH_SECRET: must be at least 32 characters");
  });

  it("bounds tool calls, servers' questions and the relay between instances", () => {
    const env = parseEnv({});
    expect([env.TOOL_CALL_TIMEOUT_MS, env.TOOL_CALL_MAX_MS, env.ELICITATION_TIMEOUT_MS, env.RELAY_POLL_MS]).toEqual([
      60_000, 600_000, 600_000, 1_000,
    ]);
    expect(problems({ TOOL_CALL_TIMEOUT_MS: "30000", TOOL_CALL_MAX_MS: "10000" })).toEqual([
      "TOOL_CALL_MAX_MS: must be at least TOOL_CALL_TIMEOUT_MS (the total bounds a call that keeps reporting progress)",
    ]);
    expect(problems({ ELICITATION_TIMEOUT_MS: "500" })[0]).toMatch(/^ELICITATION_TIMEOUT_MS:/);
    expect(problems({ ELICITATION_TIMEOUT_MS: "soon" })[0]).toMatch(/^ELICITATION_TIMEOUT_MS:/);
    expect(problems({ RELAY_POLL_MS: "10" })[0]).toMatch(/^RELAY_POLL_MS:/);
  });

  it("keeps tool limits within what models accept, the search threshold within the cap", () => {
    expect(parseEnv({})).toMatchObject({ AGENT_MAX_TOOLS: 128, AGENT_TOOL_SEARCH_THRESHOLD: 40 });
    expect(problems({ AGENT_MAX_TOOLS: "200" }).join("\n")).toContain("AGENT_MAX_TOOLS:");
    expect(problems({ AGENT_MAX_TOOLS: "30" })).toEqual([
      "AGENT_TOOL_SEARCH_THRESHOLD: must not be above AGENT_MAX_TOOLS",
    ]);
    expect(parseEnv({ AGENT_MAX_TOOLS: "30", AGENT_TOOL_SEARCH_THRESHOLD: "20" }).AGENT_TOOL_SEARCH_THRESHOLD).toBe(20);
  });

  it("reads trusted proxies as addresses and CIDR ranges, naming a bad entry", () => {
    expect(parseEnv({}).TRUSTED_PROXIES).toEqual([]);
    expect(parseEnv({ TRUSTED_PROXIES: " 10.0.0.0/8, ::1 ," }).TRUSTED_PROXIES).toEqual(["10.0.0.0/8", "::1"]);
    expect(problems({ TRUSTED_PROXIES: "10.0.0.0/8,proxy.internal" })).toEqual([
      'TRUSTED_PROXIES: "proxy.internal" is not an IP address or CIDR range such as 10.0.0.0/8',
    ]);
  });

  it("has hardened defaults and refuses a short metrics token", () => {
    const e = parseEnv({});
    expect(e.PASSWORD_HASH_COST).toBe(17);
    expect(e.CHAT_MAX_BODY_BYTES).toBe(1024 * 1024);
    expect(e.METRICS_TOKEN).toBeUndefined();
    expect(problems({ METRICS_TOKEN: "short" })).toEqual(["METRICS_TOKEN: must be at least 16 characters"]);
  });

  it("refuses a keyring entry without a version", () => {
    expect(problems({ ENCRYPTION_KEYS: key })[0]).toMatch(/is not "version:base64key"/);
  });

  it("reads administrator OAuth clients per issuer and refuses malformed ones", () => {
    const clients = JSON.stringify({ "https://auth.example.com": { clientId: "abc", clientSecret: "s3cret" } });
    expect(parseEnv({ OAUTH_CLIENTS: clients }).OAUTH_CLIENTS).toEqual({
      "https://auth.example.com": { clientId: "abc", clientSecret: "s3cret" },
    });
    expect(parseEnv({}).OAUTH_CLIENTS).toEqual({});
    expect(problems({ OAUTH_CLIENTS: "{not json" })[0]).toMatch(/^OAUTH_CLIENTS: must be JSON/);
    expect(problems({ OAUTH_CLIENTS: JSON.stringify({ "not a url": { clientId: "abc" } }) })[0]).toMatch(
      /^OAUTH_CLIENTS: each issuer URL maps to/,
    );
    expect(
      problems({ OAUTH_CLIENTS: JSON.stringify({ "https://auth.example.com": { client_id: "abc" } }) })[0],
    ).toMatch(/^OAUTH_CLIENTS:/);
  });

  it("takes a Client ID Metadata Document URL only in the form OAuth servers accept: https, with a path", () => {
    const url = "https://static.example.com/connectors/client-metadata.json";
    expect(parseEnv({ OAUTH_CLIENT_METADATA_URL: url }).OAUTH_CLIENT_METADATA_URL).toBe(url);
    expect(parseEnv({}).OAUTH_CLIENT_METADATA_URL).toBeUndefined();
    for (const bad of [
      "http://static.example.com/doc.json",
      "https://static.example.com/",
      "https://x.example/a#b",
      "nope",
    ])
      expect(problems({ OAUTH_CLIENT_METADATA_URL: bad })[0]).toMatch(
        /^OAUTH_CLIENT_METADATA_URL: must be an https:\/\/ URL/,
      );
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", GITHUB_CLIENT_ID: "", GITHUB_CLIENT_SECRET: "" }).DATABASE_URL).toBeUndefined();
  });
});
