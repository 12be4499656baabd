// Connectors marked failing are not offered to the model; instead this process asks them
// in the background, with a growing pause (CONNECTOR_PROBE_INTERVAL_MS, doubled after each
// failed probe up to 32 times that), whether they answer again. The first answer ends the
// failing episode (health.ts logs and alerts the recovery), brings the stored tool list up
// to date, and the connector's tools are offered again from the next message on.
import { env } from "@/env";
import { reportConnectorOutcome } from "@/server/connectors/health";
import { mcpPool } from "@/server/connectors/pool";
import { connectionAuth } from "@/server/connectors/service/auth";
import { findConnector, type ConnectorRecord } from "@/server/db/connectors";
import { logger } from "@/server/platform/log";

type Watch = { timer: NodeJS.Timeout; failures: number };

const watches = new Map<string, Watch>();
const keyOf = (c: { userId: string; id: string }) => `${c.userId}:${c.id}`;

/** How many connectors are being probed (for tests and metrics). */
export function probingCount(): number {
  return watches.size;
}

/** Stops every probe (tests; process shutdown). */
export function stopProbes(): void {
  for (const w of watches.values()) clearTimeout(w.timer);
  watches.clear();
}

function schedule(userId: string, connectorId: string, failures: number): void {
  const delay = env().CONNECTOR_PROBE_INTERVAL_MS * 2 ** Math.min(failures, 5);
  const timer = setTimeout(() => void probe(userId, connectorId, failures), delay);
  timer.unref?.();
  watches.set(`${userId}:${connectorId}`, { timer, failures });
}

async function probe(userId: string, connectorId: string, failures: number): Promise<void> {
  const key = `${userId}:${connectorId}`;
  const row = await findConnector(userId, connectorId).catch(() => null);
  // Deleted, disabled, recovered elsewhere or waiting for a sign-in: nothing to probe.
  if (!row || !row.enabled || !row.failingSince || row.needsSignIn) {
    watches.delete(key);
    return;
  }
  try {
    await mcpPool().listTools(row, () => connectionAuth(row), env().MCP_TEST_TIMEOUT_MS);
    watches.delete(key);
    await reportConnectorOutcome(userId, connectorId, true, null);
    logger().info({ event: "connector.probe", userId, connectorId, outcome: "ok" }, "failing connector answers again");
  } catch {
    logger().info(
      { event: "connector.probe", userId, connectorId, outcome: "failed", failures: failures + 1 },
      "failing connector still does not answer",
    );
    if (watches.has(key)) schedule(userId, connectorId, failures + 1);
  }
}

/** Starts probing a connector marked failing, unless this process already does. */
export function watchFailingConnector(c: Pick<ConnectorRecord, "userId" | "id">): void {
  if (watches.has(keyOf(c))) return;
  schedule(c.userId, c.id, 0);
}
