// Reading a database's schema right after its settings passed a test (adding or editing
// it), so the tools and the schema browser start from a snapshot.
import type { ConnectionSettings } from "@/server/databases/engine/connection-input";
import { introspectSchema } from "@/server/databases/engine/introspect";
import { withConnection } from "@/server/databases/service/connection";
import { snapshotColumns } from "@/server/databases/service/snapshot";
import { logger } from "@/server/platform/log";

/** The snapshot columns, or none when reading failed: the tools then read the schema live. */
export async function readSchemaColumns(
  userId: string,
  settings: ConnectionSettings,
): Promise<{ schemaSnapshot: unknown; schemaRefreshedAt: Date | null; relationCount?: number }> {
  try {
    return snapshotColumns(await withConnection(settings, (s) => introspectSchema(s)));
  } catch (err) {
    logger().warn({ event: "database.schema_read", userId, outcome: "failed", err }, "schema not read");
    return { schemaSnapshot: null, schemaRefreshedAt: null };
  }
}
