// Connector health: every use (tests, loads for the agent, tool calls) counts. After
// CONNECTOR_FAILURE_THRESHOLD failures within the window a connector is "failing": one
// `alert` log event per episode and, when ALERT_WEBHOOK_URL is set, one POST to it. The
// first success ends the episode and logs the recovery.
import { env } from "@/env";
import { incrementCounter } from "@/server/platform/metrics";
import { recordConnectorHealth, type HealthChange } from "@/server/db/connectors";
import { logger } from "@/server/platform/log";
import { adminPolicy, createSafeFetch } from "@/server/platform/outbound";

const WEBHOOK_TIMEOUT_MS = 5_000;

export type AlertPayload = {
  type: "connector.failing" | "connector.recovered";
  connector: { id: string; name: string };
  userId: string;
  code: string | null;
  failures: number;
  at: string;
};

/** Posts an alert (never credentials) to the configured webhook; failures are logged only. */
export async function sendAlertWebhook(payload: AlertPayload): Promise<void> {
  const url = env().ALERT_WEBHOOK_URL;
  if (!url) return;
  try {
    const fetch = createSafeFetch({
      policy: adminPolicy(),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      maxBodyBytes: 64 * 1024,
    });
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
    });
    await res.body?.cancel();
    logger().info(
      {
        event: "alert.webhook",
        type: payload.type,
        connectorId: payload.connector.id,
        status: res.status,
        outcome: res.ok ? "ok" : "failed",
      },
      "alert webhook sent",
    );
  } catch (err) {
    logger().warn(
      { event: "alert.webhook", type: payload.type, connectorId: payload.connector.id, outcome: "failed", err },
      "alert webhook failed",
    );
  }
}

export async function reportConnectorOutcome(
  userId: string,
  connectorId: string,
  ok: boolean,
  code: string | null,
  /** Why it failed, shown on the Connectors page. */
  message: string | null = null,
): Promise<HealthChange | null> {
  const e = env();
  if (!ok)
    incrementCounter("connectors_connector_failures_total", "Failed connector operations, by error code.", {
      code: code ?? "unknown",
    });
  const change = await recordConnectorHealth(
    userId,
    connectorId,
    ok,
    code,
    { threshold: e.CONNECTOR_FAILURE_THRESHOLD, windowSeconds: e.CONNECTOR_FAILURE_WINDOW_SECONDS },
    ok ? null : message,
  );
  if (!change?.episode) return change;
  const payload: AlertPayload = {
    type: change.episode === "started" ? "connector.failing" : "connector.recovered",
    connector: { id: connectorId, name: change.name },
    userId,
    code: ok ? null : code,
    failures: change.failures,
    at: new Date().toISOString(),
  };
  if (change.episode === "started") {
    logger().warn(
      { event: "alert", kind: "connector_failing", userId, connectorId, code, failures: change.failures },
      `connector ${change.name} is failing`,
    );
  } else {
    logger().info(
      { event: "alert.recovered", kind: "connector_recovered", userId, connectorId },
      `connector ${change.name} recovered`,
    );
  }
  await sendAlertWebhook(payload);
  return change;
}
