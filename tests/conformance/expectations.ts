// Every client scenario of @modelcontextprotocol/conformance 0.1.16, with what our driver
// must have done for a pass to count, and the only scenarios allowed to fail, each with
// its reason. A scenario the suite lists that is not here, or one listed here that the
// suite no longer has, fails the run: a new version is a decision, not a silent change.
//
// Why the driver's own report is checked too: some scenarios pass for a client that does
// nothing (initialize records no check when nobody connects, and resource-mismatch only
// checks that no authorization request was made).

/** What the driver (tests/conformance/driver.ts) did, written to $CONFORMANCE_REPORT. */
export type DriverReport = {
  scenario: string;
  url: string;
  steps: string[];
  /** Sign-ins started (authorization URLs followed). */
  authorizations: number;
  outcome: "done" | "refused" | "error";
  code?: string;
  message?: string;
  connected?: { server: string | null; transport: string; tools: number };
  toolResult?: { ok: boolean; errorCode: string | null; text: string };
};

/** A problem with what the driver did, or null when it did what the scenario needs. */
type DriverCheck = (r: DriverReport) => string | null;

export type Expectation =
  | { kind: "pass"; driver: DriverCheck }
  /** The scenario must fail, for the reason given; `driver` checks it fails that way. */
  | { kind: "expected-failure"; reason: string; driver?: DriverCheck };

const all =
  (...checks: DriverCheck[]): DriverCheck =>
  (r) =>
    checks.map((c) => c(r)).find((p) => p !== null) ?? null;
const done: DriverCheck = (r) => (r.outcome === "done" ? null : `the driver stopped: ${r.code} ${r.message}`);
const connected: DriverCheck = (r) => (r.connected?.server ? null : "the connector was never saved");
const toolRan =
  (pattern?: RegExp): DriverCheck =>
  (r) =>
    !r.toolResult?.ok
      ? `the tool call did not succeed (${r.toolResult?.errorCode ?? "never made"})`
      : pattern && !pattern.test(r.toolResult.text)
        ? `unexpected tool result: ${r.toolResult.text}`
        : null;
const signIns =
  (min: number, max = min): DriverCheck =>
  (r) =>
    r.authorizations >= min && r.authorizations <= max
      ? null
      : `${r.authorizations} sign-ins, expected ${min === max ? min : `${min}–${max}`}`;
const refused =
  (code: string, message: RegExp): DriverCheck =>
  (r) =>
    r.outcome === "refused" && r.code === code && message.test(r.message ?? "")
      ? null
      : `expected the app to refuse with ${code} (${message.source}), got ${r.outcome} ${r.code ?? ""} ${r.message ?? ""}`;

/** A signed-in connector whose tool ran. */
const signedInAndCalled = all(done, connected, signIns(1), toolRan());

const NOT_AN_APP_FEATURE =
  "an extension for clients acting on their own behalf (no user signs in); the app signs users in with the authorization code flow only";

export const EXPECTATIONS: Record<string, Expectation> = {
  initialize: { kind: "pass", driver: all(done, connected) },
  tools_call: { kind: "pass", driver: all(done, toolRan(/\b5\b/)) },
  "elicitation-sep1034-client-defaults": {
    kind: "pass",
    driver: all(done, toolRan(), (r) =>
      r.steps.some((s) => s.startsWith("elicitation answered")) ? null : "no elicitation reached the user",
    ),
  },
  "sse-retry": { kind: "pass", driver: all(done, toolRan()) },
  "auth/metadata-default": { kind: "pass", driver: signedInAndCalled },
  "auth/metadata-var1": { kind: "pass", driver: signedInAndCalled },
  "auth/metadata-var2": { kind: "pass", driver: signedInAndCalled },
  "auth/metadata-var3": { kind: "pass", driver: signedInAndCalled },
  "auth/basic-cimd": { kind: "pass", driver: signedInAndCalled },
  "auth/scope-from-www-authenticate": { kind: "pass", driver: signedInAndCalled },
  "auth/scope-from-scopes-supported": { kind: "pass", driver: signedInAndCalled },
  "auth/scope-omitted-when-undefined": { kind: "pass", driver: signedInAndCalled },
  // The tool needs more scopes than the first sign-in asked for: one more sign-in.
  "auth/scope-step-up": { kind: "pass", driver: all(done, connected, signIns(2), toolRan()) },
  // The server demands a scope it refuses whatever is granted: after the one sign-in that
  // asked for it, the app says so instead of signing in again and again (3 is the limit).
  "auth/scope-retry-limit": { kind: "pass", driver: all(signIns(1), refused("AUTH_FAILED", /permissions/)) },
  "auth/token-endpoint-auth-basic": { kind: "pass", driver: signedInAndCalled },
  "auth/token-endpoint-auth-post": { kind: "pass", driver: signedInAndCalled },
  "auth/token-endpoint-auth-none": { kind: "pass", driver: signedInAndCalled },
  "auth/pre-registration": { kind: "pass", driver: signedInAndCalled },
  "auth/2025-03-26-oauth-metadata-backcompat": {
    kind: "expected-failure",
    reason:
      "its metadata, fetched from <server>/.well-known/oauth-authorization-server, names the issuer <server>/oauth. " +
      "RFC 8414 §3.3 says such metadata MUST NOT be used, and the issuer keys the administrator's client secrets " +
      "(OAUTH_CLIENTS) and registered clients: a server naming another issuer could be sent that issuer's secret. " +
      "The app refuses it (root metadata with a matching issuer, and the default endpoints, do work: see the next scenario)",
    driver: refused("OAUTH_DISCOVERY_FAILED", /issuer is .*\/oauth, not/),
  },
  "auth/2025-03-26-oauth-endpoint-fallback": { kind: "pass", driver: signedInAndCalled },
  // Draft: the resource metadata describes another server; no sign-in may start.
  "auth/resource-mismatch": {
    kind: "pass",
    driver: all(signIns(0), refused("OAUTH_DISCOVERY_FAILED", /protected resource metadata describes/)),
  },
  "auth/offline-access-scope": { kind: "pass", driver: signedInAndCalled },
  "auth/offline-access-not-supported": { kind: "pass", driver: signedInAndCalled },
  "auth/client-credentials-jwt": {
    kind: "expected-failure",
    reason: `client_credentials with private_key_jwt: ${NOT_AN_APP_FEATURE}`,
  },
  "auth/client-credentials-basic": {
    kind: "expected-failure",
    reason: `client_credentials with a secret: ${NOT_AN_APP_FEATURE}`,
  },
  "auth/cross-app-access-complete-flow": {
    kind: "expected-failure",
    reason:
      "enterprise cross-app access (SEP-990: an identity provider's token exchanged for an ID-JAG, then the jwt-bearer grant) " +
      "needs an identity provider session the app does not have; an extension, not part of the app's sign-in",
  },
};
