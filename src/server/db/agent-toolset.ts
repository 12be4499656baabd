// The one read a chat message makes before the model starts: the user's enabled connectors
// (with their stored tool lists) and which system tools they turned on or off. One SQL
// statement, so a message costs one round trip to the database.
import { prisma } from "./client";
import type { ConnectorRecord } from "./connectors";

/** What a message's toolset needs of a connector: enough to offer its tools and to connect later. */
export type ToolsetConnector = Pick<
  ConnectorRecord,
  | "id"
  | "userId"
  | "name"
  | "url"
  | "transport"
  | "authType"
  | "authMeta"
  | "encryptedCredentials"
  | "keyVersion"
  | "enabled"
  | "failingSince"
  | "needsSignIn"
  | "toolsSnapshot"
  | "updatedAt"
>;

export type ToolsetSources = { connectors: ToolsetConnector[]; statuses: { toolId: string; connected: boolean }[] };

type Row = {
  connectors: (Omit<ToolsetConnector, "failingSince" | "updatedAt"> & {
    failingSince: string | null;
    updatedAt: string;
  })[];
  statuses: { toolId: string; connected: boolean }[];
};

export async function readToolsetSources(userId: string): Promise<ToolsetSources> {
  const rows = await prisma().$queryRaw<Row[]>`
    SELECT
      (SELECT coalesce(json_agg(json_build_object(
          'id', id, 'userId', user_id, 'name', name, 'url', url, 'transport', transport,
          'authType', auth_type, 'authMeta', auth_meta, 'encryptedCredentials', encrypted_credentials,
          'keyVersion', key_version, 'enabled', enabled, 'failingSince', failing_since,
          'needsSignIn', needs_sign_in, 'toolsSnapshot', tools_snapshot, 'updatedAt', updated_at
        ) ORDER BY created_at), '[]'::json)
         FROM user_mcp_connections WHERE user_id = ${userId} AND enabled) AS connectors,
      (SELECT coalesce(json_agg(json_build_object('toolId', tool_id, 'connected', connected)), '[]'::json)
         FROM user_tool_status WHERE user_id = ${userId}) AS statuses`;
  const row = rows[0] ?? { connectors: [], statuses: [] };
  return {
    connectors: row.connectors.map((c) => ({
      ...c,
      failingSince: c.failingSince ? new Date(c.failingSince) : null,
      updatedAt: new Date(c.updatedAt),
    })),
    statuses: row.statuses,
  };
}
