// notifications/elicitation/complete: a server says the step in the browser of a URL
// question it issued is done. Only that user's open question from that connector with that
// id is settled (as if the user had said "Done"), and the instance waiting on it is woken
// through the relay; an id the server never issued here is logged and ignored.
import { ELICIT_LIMITS } from "@/lib/schemas/elicitation";
import { completeRemoteElicitation } from "@/server/db/elicitations";
import { publish } from "@/server/db/relay";
import { logger } from "@/server/platform/log";

export async function settleCompletedStep(userId: string, connectorId: string, elicitationId: string): Promise<void> {
  try {
    const settled =
      elicitationId.length > 0 && elicitationId.length <= ELICIT_LIMITS.remoteIdChars
        ? await completeRemoteElicitation(userId, connectorId, elicitationId)
        : [];
    if (settled.length === 0) {
      logger().warn(
        { event: "elicitation.complete_ignored", userId, connectorId },
        "server completed a question it did not ask here",
      );
      return;
    }
    for (const id of settled) await publish("elicitation", id);
    logger().info(
      { event: "elicitation.completed", userId, connectorId, elicitationIds: settled },
      "server completed the step",
    );
  } catch (err) {
    logger().warn({ event: "elicitation.complete_failed", userId, connectorId, err }, "completion not recorded");
  }
}
