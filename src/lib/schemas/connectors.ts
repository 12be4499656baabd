// Connector schemas shared by the tRPC routers and the React forms.
import { z } from "zod";
import { ToolVisibility } from "@/lib/schemas/mcp-apps";

export { MAX_CONNECTORS_PER_USER } from "@/lib/limits";

/** How a connector authenticates. */
export const AuthType = z.enum(["none", "bearer", "api_key", "headers", "oauth"]);
export type AuthType = z.infer<typeof AuthType>;

export const TransportKind = z.enum(["streamable-http", "sse"]);
export type TransportKind = z.infer<typeof TransportKind>;

// Headers the MCP transport or HTTP itself owns; a user setting them would break the
// connection or smuggle requests.
const RESERVED_HEADERS = new Set([
  "host",
  "content-length",
  "content-type",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "upgrade",
  "te",
  "trailer",
  "accept",
  "cookie",
  "mcp-session-id",
  "mcp-protocol-version",
  "last-event-id",
]);

export const HeaderName = z
  .string()
  .trim()
  .min(1, "Enter a header name")
  .max(100, "Header names are at most 100 characters")
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "Header names may contain letters, digits and - only")
  .refine((h) => !RESERVED_HEADERS.has(h.toLowerCase()), { message: "This header is set by the connection itself" });

const HeaderValue = z
  .string()
  .min(1, "Enter a value")
  .max(8192, "Header values are at most 8192 characters")
  .refine((v) => !/[\r\n\0]/.test(v), { message: "Header values cannot contain line breaks" });

/** A finished OAuth sign-in (see `connectors.oauthStart`), referenced until the connector is saved. */
export const OAuthAttemptId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "Sign in first");

export const ConnectorAuth = z.discriminatedUnion("type", [
  z.object({ type: z.literal("none") }),
  z.object({ type: z.literal("bearer"), token: HeaderValue.describe("token") }),
  z.object({ type: z.literal("api_key"), header: HeaderName, value: HeaderValue }),
  z.object({
    type: z.literal("headers"),
    headers: z
      .array(z.object({ name: HeaderName, value: HeaderValue }))
      .min(1, "Add at least one header")
      .max(20, "At most 20 headers")
      .refine((hs) => new Set(hs.map((h) => h.name.toLowerCase())).size === hs.length, {
        message: "Each header may appear once",
      }),
  }),
  z.object({ type: z.literal("oauth"), attemptId: OAuthAttemptId }),
]);
export type ConnectorAuth = z.infer<typeof ConnectorAuth>;

/**
 * Auth settings as a form sends them when editing: a secret left out means "keep the
 * stored one" (the browser never receives stored secrets).
 */
export const ConnectorAuthInput = z.discriminatedUnion("type", [
  z.object({ type: z.literal("none") }),
  z.object({ type: z.literal("bearer"), token: HeaderValue.optional() }),
  z.object({ type: z.literal("api_key"), header: HeaderName, value: HeaderValue.optional() }),
  z.object({
    type: z.literal("headers"),
    headers: z
      .array(z.object({ name: HeaderName, value: HeaderValue.optional() }))
      .min(1, "Add at least one header")
      .max(20, "At most 20 headers")
      .refine((hs) => new Set(hs.map((h) => h.name.toLowerCase())).size === hs.length, {
        message: "Each header may appear once",
      }),
  }),
  /** Without an attempt: keep the saved sign-in (same URL only). */
  z.object({ type: z.literal("oauth"), attemptId: OAuthAttemptId.optional() }),
]);
export type ConnectorAuthInput = z.infer<typeof ConnectorAuthInput>;

export const ConnectorId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Invalid connector id");

export const ConnectorName = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .max(60, "Names are at most 60 characters")
  .refine((n) => ![...n].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), {
    message: "Names cannot contain control characters",
  });

// Deliberately loose: the connection test explains precisely what is wrong with a URL.
export const ConnectorUrl = z
  .string()
  .trim()
  .min(1, "Enter the server's URL")
  .max(2048, "URLs are at most 2048 characters")
  .refine((u) => ![...u].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), {
    message: "URLs cannot contain control characters",
  });

export const ConnectorTestRequest = z.object({
  url: ConnectorUrl,
  auth: ConnectorAuthInput,
  /** When editing: secrets left out are taken from this connector (its exact saved URL only). */
  connectorId: ConnectorId.optional(),
});
export type ConnectorTestRequest = z.infer<typeof ConnectorTestRequest>;

export const ConnectorCreateRequest = z.object({
  name: ConnectorName,
  url: ConnectorUrl,
  auth: ConnectorAuth,
});
export type ConnectorCreateRequest = z.infer<typeof ConnectorCreateRequest>;

export const ConnectorUpdateRequest = z.object({
  id: ConnectorId,
  name: ConnectorName.optional(),
  url: ConnectorUrl.optional(),
  auth: ConnectorAuthInput.optional(),
});
export type ConnectorUpdateRequest = z.infer<typeof ConnectorUpdateRequest>;

export const ConnectorToggleRequest = z.object({ id: ConnectorId, enabled: z.boolean() });
export const ConnectorIdRequest = z.object({ id: ConnectorId });
export const ConnectorDeleteRequest = ConnectorIdRequest;
export const ConnectorDeleteResponse = z.object({ id: z.string() });

export const ConnectorTestCode = z.enum([
  "INVALID_URL",
  "URL_NOT_ALLOWED",
  "TIMEOUT",
  "AUTH_FAILED",
  "INVALID_MCP_SERVER",
  "NO_TOOLS",
]);
export type ConnectorTestCode = z.infer<typeof ConnectorTestCode>;

export const TestStepName = z.enum(["url_check", "connect", "authenticate", "handshake", "list_tools"]);
export type TestStepName = z.infer<typeof TestStepName>;

export const TestStep = z.object({
  name: TestStepName,
  status: z.enum(["ok", "failed", "skipped", "warning"]),
  durationMs: z.number().nonnegative(),
  detail: z.string().optional(),
});
export type TestStep = z.infer<typeof TestStep>;

/** MCP tool annotations: hints from the server, never trusted for more than defaults. */
export const ToolAnnotations = z.object({
  title: z.string().optional(),
  readOnlyHint: z.boolean().optional(),
  destructiveHint: z.boolean().optional(),
  idempotentHint: z.boolean().optional(),
  openWorldHint: z.boolean().optional(),
});
export type ToolAnnotations = z.infer<typeof ToolAnnotations>;

export const DiscoveredTool = z.object({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  inputSchema: z.record(z.string(), z.unknown()),
  /** The tool's MCP App: a `ui://` resource the chat renders with the tool's result. */
  appUri: z.string().optional(),
  /** Who may call it (`_meta.ui.visibility`), stored only when its server restricted it. */
  visibility: z.array(ToolVisibility).optional(),
  annotations: ToolAnnotations.optional(),
});
export type DiscoveredTool = z.infer<typeof DiscoveredTool>;

export const OAuthDiscoveryStep = z.object({
  name: z.string(),
  url: z.string(),
  outcome: z.enum(["ok", "failed"]),
  detail: z.string().optional(),
});
export type OAuthDiscoveryStep = z.infer<typeof OAuthDiscoveryStep>;

const OAuthClientId = z
  .string()
  .trim()
  .min(1, "Enter the client id")
  .max(500, "Client ids are at most 500 characters")
  .refine((v) => !/[\r\n\0]/.test(v), { message: "Client ids cannot contain line breaks" });

/** Starts an OAuth sign-in for a connector being added (url) or a saved one (connectorId). */
export const OAuthStartRequest = z.object({
  url: ConnectorUrl,
  connectorId: ConnectorId.optional(),
  /** A client registered by the user at the authorization server; otherwise the app finds one. */
  clientId: OAuthClientId.optional(),
  clientSecret: z.string().min(1).max(2000).optional(),
});
export type OAuthStartRequest = z.infer<typeof OAuthStartRequest>;

export const OAuthClientSource = z.enum(["entered", "administrator", "metadata_document", "registered"]);

export const OAuthStartResponse = z.object({
  attemptId: z.string(),
  /** Open this in the sign-in popup. */
  authorizeUrl: z.string(),
  issuer: z.string(),
  scopes: z.array(z.string()),
  clientSource: OAuthClientSource,
  steps: z.array(OAuthDiscoveryStep),
});
export type OAuthStartResponse = z.infer<typeof OAuthStartResponse>;

export const ConnectorTestResponse = z.object({
  /** True when the connector may be saved (NO_TOOLS is a warning, not a failure). */
  ok: z.boolean(),
  code: ConnectorTestCode.nullable(),
  message: z.string(),
  /** What the user can do about it. */
  hint: z.string().optional(),
  steps: z.array(TestStep),
  server: z.object({ name: z.string(), version: z.string() }).nullable(),
  transport: TransportKind.nullable(),
  tools: z.array(DiscoveredTool),
  durationMs: z.number().nonnegative(),
  /** The server asked for OAuth sign-in and its discovery worked: offer it. */
  oauth: z.object({ issuer: z.string(), steps: z.array(OAuthDiscoveryStep) }).optional(),
  /** Who an OAuth connector is signed in as, when the authorization server says so. */
  account: z.string().optional(),
});
export type ConnectorTestResponse = z.infer<typeof ConnectorTestResponse>;

export const ConnectorStatus = z.enum(["connected", "failing", "needs_sign_in", "disabled"]);

export const ConnectorResponse = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  transport: TransportKind,
  authType: AuthType,
  /** Whether a secret is stored; the secret itself never leaves the server. */
  hasCredentials: z.boolean(),
  /** Non-secret parts of the auth settings (header names), for the edit form. */
  authHeaderNames: z.array(z.string()),
  /** OAuth connectors: where and as whom they are signed in. */
  oauth: z
    .object({
      issuer: z.string(),
      account: z.string().nullable(),
      scopes: z.array(z.string()),
      /** A client id the user entered (not secret), shown in the edit form. */
      clientId: z.string().nullable(),
      needsSignIn: z.boolean(),
      /** Why the connector must sign in again. */
      reason: z.string().nullable(),
    })
    .nullable(),
  enabled: z.boolean(),
  status: ConnectorStatus,
  lastTestOk: z.boolean().nullable(),
  lastTestCode: z.string().nullable(),
  lastTestAt: z.date().nullable(),
  /** Set while the connector keeps failing (an alert was raised); cleared by a success. */
  failingSince: z.date().nullable(),
  /** Why the last use or test failed, in words; cleared by a success. */
  lastError: z.string().nullable(),
  /** When the connector last worked: a passing test or a successful tool call. */
  lastOkAt: z.date().nullable(),
  consecutiveFailures: z.number().int(),
  server: z.object({ name: z.string(), version: z.string() }).nullable(),
  toolCount: z.number().int(),
  tools: z.array(DiscoveredTool.pick({ name: true, title: true, description: true })),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type ConnectorResponse = z.infer<typeof ConnectorResponse>;

export type ConnectorTestEvent = { type: "step"; step: TestStep } | { type: "result"; result: ConnectorTestResponse };
