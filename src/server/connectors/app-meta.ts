// What a server's metadata says about an MCP App (io.modelcontextprotocol/ui, SEP-1865):
// which `ui://` resource a tool renders, who may call the tool, and the content security
// policy and permissions its HTML asks for. All of it is untrusted: what does not fit the
// expected shape is dropped.
import { hasControlChars } from "@/lib/schemas/mcp";
import { APP_PERMISSIONS, AppPermission, type ToolVisibility } from "@/lib/schemas/mcp-apps";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** `_meta.ui`, when it is an object. */
function uiOf(meta: unknown): Record<string, unknown> {
  const ui = isRecord(meta) ? meta.ui : undefined;
  return isRecord(ui) ? ui : {};
}

/** `_meta.ui.resourceUri` (or the older flat `_meta["ui/resourceUri"]`) when it is a `ui://` URI. */
export function appUriOf(tool: { _meta?: Record<string, unknown> }): string | undefined {
  const meta = tool._meta;
  const ui = meta?.ui as { resourceUri?: unknown } | undefined;
  const uri = ui?.resourceUri ?? meta?.["ui/resourceUri"];
  return typeof uri === "string" && isAppUri(uri) ? uri : undefined;
}

export function isAppUri(uri: string): boolean {
  return /^ui:\/\/\S{1,2000}$/.test(uri) && !hasControlChars(uri);
}

/**
 * Who may call a tool, by its `_meta.ui.visibility`: the restricted list ("model" only or
 * "app" only), or undefined when both may (the spec's default, also used when the value is
 * not a list or names neither). Unknown entries are ignored.
 */
export function appVisibilityOf(tool: { _meta?: Record<string, unknown> }): ToolVisibility[] | undefined {
  const v = uiOf(tool._meta).visibility;
  if (!Array.isArray(v)) return undefined;
  const who = (["model", "app"] as const).filter((w) => v.includes(w));
  return who.length === 1 ? who : undefined;
}

/**
 * The permissions a resource's `_meta.ui.permissions` asks for: only the ones the spec
 * defines, each declared as an object (`{}`), in a fixed order. Anything else is dropped.
 */
export function appPermissionsOf(meta: Record<string, unknown> | undefined): AppPermission[] {
  const declared = uiOf(meta).permissions;
  if (!isRecord(declared)) return [];
  return AppPermission.options.filter((p) => Object.hasOwn(declared, p) && isRecord(declared[p]));
}

/** Features a frame never gets, whatever its server says. */
const ALWAYS_DENIED = ["display-capture", "payment", "usb", "serial", "hid"];

/**
 * The frame's Permissions-Policy: what its server declared, for the frame itself only
 * (`self`, its own opaque origin; nested frames get nothing), and everything else denied.
 * The chat's iframe `allow` attribute grants the same list: a feature needs both.
 */
export function appPermissionsPolicy(permissions: readonly AppPermission[]): string {
  return [
    ...AppPermission.options.map((p) => `${APP_PERMISSIONS[p].feature}=${permissions.includes(p) ? "(self)" : "()"}`),
    ...ALWAYS_DENIED.map((f) => `${f}=()`),
  ].join(", ");
}

export type AppCsp = {
  connectDomains: string[];
  resourceDomains: string[];
  frameDomains: string[];
  baseUriDomains: string[];
};

// An origin a CSP may name: https (or http on loopback, for local servers), an optional
// leading wildcard label, an optional port. No quotes, spaces, semicolons or keywords.
const SOURCE = /^(https:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*|http:\/\/(localhost|127\.0\.0\.1))(:\d{1,5})?$/i;

function sources(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === "string" && SOURCE.test(s)).slice(0, 20) : [];
}

/** The CSP domains a resource's `_meta.ui.csp` declares, keeping only well-formed origins. */
export function appCspOf(meta: Record<string, unknown> | undefined): AppCsp {
  const declared = uiOf(meta).csp;
  const csp = isRecord(declared) ? declared : {};
  return {
    connectDomains: sources(csp.connectDomains),
    resourceDomains: sources(csp.resourceDomains),
    frameDomains: sources(csp.frameDomains),
    baseUriDomains: sources(csp.baseUriDomains),
  };
}

/**
 * The app's own policy: its inline code runs, it reaches only the domains its server
 * declared, it cannot reach this app's origin ('self' is never listed, and the sandbox
 * gives it an opaque origin even when opened on its own), and only this app may frame it.
 */
export function appFramePolicy(csp: AppCsp): string {
  const list = (xs: string[], fallback: string) => (xs.length ? xs.join(" ") : fallback);
  const res = csp.resourceDomains.join(" ");
  return [
    "default-src 'none'",
    `script-src 'unsafe-inline' ${res}`.trim(),
    `style-src 'unsafe-inline' ${res}`.trim(),
    `img-src data: blob: ${res}`.trim(),
    `font-src data: ${res}`.trim(),
    `media-src data: blob: ${res}`.trim(),
    `connect-src ${list(csp.connectDomains, "'none'")}`,
    `frame-src ${list(csp.frameDomains, "'none'")}`,
    `base-uri ${list(csp.baseUriDomains, "'none'")}`,
    "form-action 'none'",
    "object-src 'none'",
    "frame-ancestors 'self'",
    "sandbox allow-scripts",
  ].join("; ");
}
