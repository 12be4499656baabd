// The stored tool list of a connector follows its live server: on every (re)connect and on
// `notifications/tools/list_changed` the live list is compared with the snapshot and the
// snapshot replaced. What changed is returned and handed to the registered hooks, so a
// policy (such as holding back rewritten tools until the user reviews them) can plug in.
import type { DiscoveredTool } from "@/lib/schemas/connectors";
import { findConnector, replaceToolSnapshot } from "@/server/db/connectors";
import { logger } from "@/server/platform/log";

export type SnapshotChange = {
  /** Tool names new on the server. */
  added: string[];
  /** Tool names the server no longer offers. */
  removed: string[];
  /** Tool names whose title, description, input schema, app or visibility differ. */
  changed: string[];
};

export type SnapshotEvent = {
  userId: string;
  connectorId: string;
  previous: DiscoveredTool[];
  live: DiscoveredTool[];
  change: SnapshotChange;
};

export type SnapshotHook = (e: SnapshotEvent) => void | Promise<void>;

const hooks = new Set<SnapshotHook>();

/** Runs `hook` after every snapshot that changed; returns the unsubscribe function. */
export function onSnapshotChange(hook: SnapshotHook): () => void {
  hooks.add(hook);
  return () => void hooks.delete(hook);
}

/** Key order in JSON Schemas is not a change. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value ?? null);
}

// A tool that gains or loses its app, or that becomes visible to the model, is a change:
// the snapshot is rewritten so the toolset (read from it alone) follows.
function definition(t: DiscoveredTool): string {
  return canonical({
    title: t.title,
    description: t.description,
    inputSchema: t.inputSchema,
    appUri: t.appUri,
    visibility: t.visibility,
  });
}

export function storedTools(snapshot: unknown): DiscoveredTool[] {
  return Array.isArray(snapshot) ? (snapshot as DiscoveredTool[]) : [];
}

export function diffTools(previous: DiscoveredTool[], live: DiscoveredTool[]): SnapshotChange {
  const before = new Map(previous.map((t) => [t.name, t]));
  const after = new Map(live.map((t) => [t.name, t]));
  return {
    added: live.filter((t) => !before.has(t.name)).map((t) => t.name),
    removed: previous.filter((t) => !after.has(t.name)).map((t) => t.name),
    changed: live
      .filter((t) => before.has(t.name) && definition(before.get(t.name)!) !== definition(t))
      .map((t) => t.name),
  };
}

export function isUnchanged(c: SnapshotChange): boolean {
  return c.added.length === 0 && c.removed.length === 0 && c.changed.length === 0;
}

/**
 * Compares the live tool list with the stored one and stores the live one when they
 * differ. Returns what changed (null when the connector is gone or another instance
 * stored a newer list first).
 */
export async function syncToolSnapshot(
  userId: string,
  connectorId: string,
  live: DiscoveredTool[],
): Promise<SnapshotChange | null> {
  const row = await findConnector(userId, connectorId);
  if (!row) return null;
  const previous = storedTools(row.toolsSnapshot);
  const change = diffTools(previous, live);
  if (isUnchanged(change)) return change;
  if (!(await replaceToolSnapshot(userId, connectorId, row.toolsSnapshot, live))) return null;
  logger().info(
    {
      event: "connector.tools_changed",
      userId,
      connectorId,
      added: change.added.length,
      removed: change.removed.length,
      changed: change.changed.length,
    },
    "connector tool list changed",
  );
  for (const hook of hooks) await hook({ userId, connectorId, previous, live, change });
  return change;
}
