// MCP Apps (io.modelcontextprotocol/ui, SEP-1865) as the server and the browser share them:
// who may call a tool (its `_meta.ui.visibility`) and the browser features an app's
// resource asks for (its `_meta.ui.permissions`), with the names people read.
import { z } from "zod";
import { ConnectorRef } from "@/lib/schemas/mcp";

/** "model": offered to the model (and the user's tool picker); "app": callable by its server's app. */
export const ToolVisibility = z.enum(["model", "app"]);
export type ToolVisibility = z.infer<typeof ToolVisibility>;

/**
 * Whether a stored tool may be called by `who`. A tool stores a visibility only when its
 * server restricted it; none (or anything that is not a list) means both, the spec's default.
 */
export function toolVisibleTo(tool: { visibility?: unknown }, who: ToolVisibility): boolean {
  return !Array.isArray(tool.visibility) || tool.visibility.includes(who);
}

/**
 * The permissions the spec defines, each with the Permissions Policy feature it maps to
 * and what a person reads. Nothing else is ever granted.
 */
export const APP_PERMISSIONS = {
  camera: { feature: "camera", label: "Camera" },
  microphone: { feature: "microphone", label: "Microphone" },
  geolocation: { feature: "geolocation", label: "Your location" },
  clipboardWrite: { feature: "clipboard-write", label: "Copying to your clipboard" },
} as const;

export const AppPermission = z.enum(["camera", "microphone", "geolocation", "clipboardWrite"]);
export type AppPermission = z.infer<typeof AppPermission>;

/** The iframe `allow` attribute granting exactly these permissions ("" for none). */
export function appAllowAttribute(permissions: readonly AppPermission[]): string {
  return permissions.map((p) => APP_PERMISSIONS[p].feature).join("; ");
}

export const AppSandboxRequest = ConnectorRef.extend({ uri: z.string().min(1).max(2100) });

/** What the host grants an app: the permissions and CSP domains it declared that were kept. */
export const AppSandbox = z.object({
  permissions: z.array(AppPermission),
  csp: z.object({
    connectDomains: z.array(z.string()),
    resourceDomains: z.array(z.string()),
    frameDomains: z.array(z.string()),
    baseUriDomains: z.array(z.string()),
  }),
});
export type AppSandbox = z.infer<typeof AppSandbox>;
