// The only module that reads process.env. Parsed once, on first use, so that a bad
// configuration stops start-up with one line per problem.
import ipaddr from "ipaddr.js";
import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const keyring = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    const keys: { version: number; key: string }[] = [];
    for (const part of v.split(",")) {
      const m = /^(\d+):(.+)$/.exec(part.trim());
      if (!m) {
        ctx.addIssue({ code: "custom", message: `entry "${part.slice(0, 4)}…" is not "version:base64key"` });
        return z.NEVER;
      }
      const bytes = Buffer.from(m[2]!, "base64");
      if (bytes.length !== 32 || bytes.toString("base64") !== m[2]) {
        ctx.addIssue({ code: "custom", message: `key version ${m[1]} is not 32 bytes of base64` });
        return z.NEVER;
      }
      keys.push({ version: Number(m[1]), key: m[2] });
    }
    return keys;
  });

// OAUTH_CLIENTS: clients an administrator registered, per authorization server issuer:
// {"https://auth.example.com": {"clientId": "…", "clientSecret": "…"}}
const oauthClients = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return {};
    let raw: unknown;
    try {
      raw = JSON.parse(v);
    } catch {
      ctx.addIssue({ code: "custom", message: 'must be JSON such as {"https://auth.example.com": {"clientId": "…"}}' });
      return z.NEVER;
    }
    const parsed = z
      .record(z.url(), z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1).optional() }).strict())
      .safeParse(raw);
    if (!parsed.success) {
      ctx.addIssue({ code: "custom", message: "each issuer URL maps to {clientId, clientSecret?}" });
      return z.NEVER;
    }
    return parsed.data;
  });

function isClientIdUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === "https:" && u.pathname !== "/" && !u.hash && !u.username && !u.password;
  } catch {
    return false;
  }
}

// TRUSTED_PROXIES: addresses or CIDR ranges of the proxies in front of the app, whose
// X-Forwarded-For / X-Real-IP are believed. Anything else is the client itself.
const cidrList = z
  .string()
  .default("")
  .transform((v, ctx) => {
    const entries = v
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean);
    for (const entry of entries) {
      if (!isAddressOrCidr(entry)) {
        ctx.addIssue({
          code: "custom",
          message: `"${entry.slice(0, 40)}" is not an IP address or CIDR range such as 10.0.0.0/8`,
        });
        return z.NEVER;
      }
    }
    return entries;
  });

function isAddressOrCidr(entry: string): boolean {
  try {
    if (entry.includes("/")) ipaddr.parseCIDR(entry);
    else ipaddr.parse(entry);
    return true;
  } catch {
    return false;
  }
}

/** Host names, IP addresses and CIDR ranges, comma separated (see platform/outbound.ts). */
const allowList = z
  .string()
  .default("")
  .refine((v) => v.split(",").every((e) => !e.trim().includes("/") || /^[0-9a-fA-F:.]+\/\d{1,3}$/.test(e.trim())), {
    message: "entries are host names, IP addresses or CIDR ranges such as 10.0.0.0/8, separated by commas",
  });

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL (leave unset for the embedded database)")
      .optional(),
  ),
  DATA_DIR: z.string().trim().min(1).default(".data"),
  NEXTAUTH_URL: optionalString.pipe(z.url("must be an absolute URL such as https://connectors.example.com").optional()),
  AUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  ENCRYPTION_KEYS: keyring,
  GITHUB_CLIENT_ID: optionalString,
  GITHUB_CLIENT_SECRET: optionalString,
  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  SIGNIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  PASSWORD_HASH_COST: z.coerce.number().int().min(10).max(20).default(17),
  GMAIL_CLIENT_ID: optionalString,
  GMAIL_CLIENT_SECRET: optionalString,
  GMAIL_AUTH_URL: z.url().default("https://accounts.google.com/o/oauth2/v2/auth"),
  GMAIL_TOKEN_URL: z.url().default("https://oauth2.googleapis.com/token"),
  GMAIL_REVOKE_URL: z.url().default("https://oauth2.googleapis.com/revoke"),
  GMAIL_API_URL: z.url().default("https://gmail.googleapis.com"),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(
    z.url("must be the base URL of an OpenAI-compatible API, e.g. http://localhost:11434/v1").optional(),
  ),
  AGENT_MODEL: z.string().trim().min(1).default("gpt-4o-mini"),
  AGENT_MAX_STEPS: z.coerce.number().int().min(1).max(20).default(6),
  TOOL_CALL_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  // A call whose server reports progress gets TOOL_CALL_TIMEOUT_MS again after each report,
  // up to this much in all (time waiting for the user's answer to a server's question aside).
  TOOL_CALL_MAX_MS: z.coerce.number().int().min(100).max(3_600_000).default(600_000),
  // How long a server's question (elicitation) waits for the user before it is cancelled.
  ELICITATION_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(600_000),
  // How often an instance waiting for an answer or a Stop from another instance checks the database.
  RELAY_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  CONNECTOR_RETRY_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(3_000),
  CONNECTOR_PROBE_INTERVAL_MS: z.coerce.number().int().min(10).max(3_600_000).default(15_000),
  AGENT_MAX_TOOLS: z.coerce.number().int().min(1).max(128).default(128),
  AGENT_TOOL_SEARCH_THRESHOLD: z.coerce.number().int().min(1).max(128).default(40),
  TOOL_APPROVAL_TTL_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .max(7 * 24 * 3_600_000)
    .default(30 * 60_000),
  MCP_POOL_IDLE_MS: z.coerce.number().int().min(1_000).default(300_000),
  CONNECTOR_FAILURE_THRESHOLD: z.coerce.number().int().min(1).max(100).default(3),
  CONNECTOR_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  ALERT_WEBHOOK_URL: optionalString.pipe(z.url("must be an http(s) URL").optional()),
  SIGNUPS_PER_HOUR: z.coerce.number().int().min(1).default(20),
  CONNECTION_TESTS_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  MCP_TEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  // What a connector's tool list may weigh: it is stored, listed and sent to the model.
  TOOL_DESCRIPTION_MAX_BYTES: z.coerce.number().int().min(16).default(8_192),
  TOOL_SCHEMA_MAX_BYTES: z.coerce.number().int().min(64).default(65_536),
  TOOL_LIST_MAX_BYTES: z.coerce.number().int().min(256).default(2_097_152),
  QUERY_ROW_LIMIT: z.coerce.number().int().min(1).max(1_000).default(200),
  QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  TRUSTED_PROXIES: cidrList,
  CHAT_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  CONVERSATION_MAX_MESSAGES: z.coerce.number().int().min(2).max(100_000).default(500),
  CHAT_TURNS_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  TOOL_RUNS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  METRICS_TOKEN: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  OAUTH_CLIENTS: oauthClients,
  // Where this app's Client ID Metadata Document is published when it is not at
  // <NEXTAUTH_URL>/oauth/client-metadata.json: its URL is the client id, which OAuth
  // servers accept only as https with a path (and no fragment).
  OAUTH_CLIENT_METADATA_URL: optionalString.refine((v) => v === undefined || isClientIdUrl(v), {
    message: "must be an https:// URL with a path, e.g. https://static.example.com/connectors/client-metadata.json",
  }),
  OUTBOUND_ALLOW: allowList,
  OUTBOUND_ADMIN_ALLOW: allowList,
});

/** Rules across variables, checked on the raw values so they are reported with the rest. */
function crossChecks(source: Record<string, string | undefined>): string[] {
  const set = (name: string) => Boolean(source[name]?.trim());
  const problems: string[] = [];
  for (const p of ["GITHUB", "GOOGLE", "GMAIL"]) {
    if (set(`${p}_CLIENT_ID`) !== set(`${p}_CLIENT_SECRET`)) {
      problems.push(`${p}_CLIENT_SECRET: set both ${p}_CLIENT_ID and ${p}_CLIENT_SECRET, or neither`);
    }
  }
  const timeout = Number(source.TOOL_CALL_TIMEOUT_MS ?? 60_000);
  const max = Number(source.TOOL_CALL_MAX_MS ?? 600_000);
  if (Number.isFinite(timeout) && Number.isFinite(max) && max < timeout)
    problems.push(
      "TOOL_CALL_MAX_MS: must be at least TOOL_CALL_TIMEOUT_MS (the total bounds a call that keeps reporting progress)",
    );
  const num = (name: string, fallback: number) => (set(name) ? Number(source[name]) : fallback);
  if (num("AGENT_TOOL_SEARCH_THRESHOLD", 40) > num("AGENT_MAX_TOOLS", 128))
    problems.push("AGENT_TOOL_SEARCH_THRESHOLD: must not be above AGENT_MAX_TOOLS");
  // With a real PostgreSQL the app is a production deployment: secrets must come from
  // the environment, never from a file generated on one machine.
  if (set("DATABASE_URL")) {
    if (!set("AUTH_SECRET"))
      problems.push("AUTH_SECRET: required when DATABASE_URL is set (generate one: openssl rand -base64 32)");
    if (!set("ENCRYPTION_KEYS"))
      problems.push(
        'ENCRYPTION_KEYS: required when DATABASE_URL is set, as "1:<32 random bytes in base64>" (openssl rand -base64 32)',
      );
  }
  return problems;
}

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const merged = { ...source, AUTH_SECRET: source.AUTH_SECRET ?? source.NEXTAUTH_SECRET };
  const result = schema.safeParse(merged);
  const problems = [
    ...(result.success ? [] : result.error.issues.map((i) => `${i.path.join(".") || "environment"}: ${i.message}`)),
    ...crossChecks(merged),
  ];
  if (problems.length > 0 || !result.success) throw new EnvError(problems);
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests change configuration between cases; the app never calls this. */
export function resetEnvForTests(): void {
  cached = undefined;
}

/**
 * next-auth reads NEXTAUTH_URL itself; without it it assumes port 3000. Derive it from
 * PORT so `PORT=4000 npm start` works without further configuration.
 */
export function applyAuthUrlDefault(): void {
  process.env.NEXTAUTH_URL ??= env().NEXTAUTH_URL ?? `http://localhost:${env().PORT}`;
}

/** The app's public base URL, for OAuth redirect URIs and links. */
export function appUrl(): string {
  const e = env();
  return (e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
}
