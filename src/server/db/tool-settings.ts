// Repository for users' per-tool settings (on/off, approval policy, pinned definition).
// Every query carries the owner; a connector's settings go with the connector.
import { prisma } from "./client";
import type { Prisma } from "./generated/client";
import { storable } from "./json";

export type ToolSettingRecord = {
  source: string;
  toolName: string;
  enabled: boolean;
  policy: string;
  pinnedHash: string | null;
  pinnedDefinition: unknown;
};

const select = {
  source: true,
  toolName: true,
  enabled: true,
  policy: true,
  pinnedHash: true,
  pinnedDefinition: true,
} as const;

/** "connector:<id>" or "system:<tool id>". */
export function settingSource(ref: { kind: "connector"; connectorId: string } | { kind: "system"; toolId: string }) {
  return ref.kind === "connector" ? `connector:${ref.connectorId}` : `system:${ref.toolId}`;
}

const connectorOf = (source: string) => (source.startsWith("connector:") ? source.slice("connector:".length) : null);

export async function listToolSettings(userId: string, sources?: string[]): Promise<ToolSettingRecord[]> {
  return prisma().toolSetting.findMany({
    where: { userId, ...(sources ? { source: { in: sources } } : {}) },
    select,
  });
}

export async function findToolSetting(
  userId: string,
  source: string,
  toolName: string,
): Promise<ToolSettingRecord | null> {
  return prisma().toolSetting.findUnique({
    where: { userId_source_toolName: { userId, source, toolName } },
    select,
  });
}

/**
 * Records tools seen for the first time with their default policy, pinned to the
 * definition seen. Existing settings are left alone, so two instances seeing the same new
 * tool agree on the first definition.
 */
export async function pinNewTools(
  userId: string,
  rows: { source: string; toolName: string; policy: string; hash: string; definition: unknown }[],
): Promise<void> {
  if (rows.length === 0) return;
  await prisma().toolSetting.createMany({
    data: rows.map((r) => ({
      userId,
      source: r.source,
      connectorId: connectorOf(r.source),
      toolName: r.toolName,
      policy: r.policy,
      pinnedHash: r.hash,
      pinnedDefinition: storable(r.definition) as Prisma.InputJsonValue,
    })),
    skipDuplicates: true,
  });
}

/** Sets on/off and policy; creates the row (with the given defaults) when there is none. */
export async function saveToolSetting(
  userId: string,
  key: { source: string; toolName: string },
  defaults: { policy: string; hash: string | null; definition: unknown },
  changes: { enabled?: boolean; policy?: string },
): Promise<ToolSettingRecord> {
  return prisma().toolSetting.upsert({
    where: { userId_source_toolName: { userId, ...key } },
    create: {
      userId,
      ...key,
      connectorId: connectorOf(key.source),
      policy: changes.policy ?? defaults.policy,
      enabled: changes.enabled ?? true,
      pinnedHash: defaults.hash,
      ...(defaults.definition !== null ? { pinnedDefinition: storable(defaults.definition) } : {}),
    },
    update: changes,
    select,
  });
}

/** Pins the tool to a reviewed definition. */
export async function pinToolDefinition(
  userId: string,
  key: { source: string; toolName: string },
  defaults: { policy: string },
  pinned: { hash: string; definition: unknown },
): Promise<ToolSettingRecord> {
  const data = { pinnedHash: pinned.hash, pinnedDefinition: storable(pinned.definition) as Prisma.InputJsonValue };
  return prisma().toolSetting.upsert({
    where: { userId_source_toolName: { userId, ...key } },
    create: { userId, ...key, connectorId: connectorOf(key.source), policy: defaults.policy, ...data },
    update: data,
    select,
  });
}
