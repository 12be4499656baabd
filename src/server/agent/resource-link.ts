// Reading a resource a tool result linked to: through the connector's own connection,
// never fetched by the browser from whatever address the server named. Text is capped;
// images of the types the card shows come back as data; other binaries are described.
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import { MAX_IMAGE_BASE64_CHARS, truncate } from "@/server/agent/tool-result";
import { mcpPool } from "@/server/connectors/pool";
import { connectionAuth } from "@/server/connectors/service/auth";
import { findConnector } from "@/server/db/connectors";
import { logger } from "@/server/platform/log";

export type ResourceContent =
  | { kind: "text"; uri: string; mimeType?: string; text: string }
  | { kind: "image"; uri: string; mimeType: string; data: string }
  | { kind: "binary"; uri: string; mimeType?: string; note: string };

const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);
const MAX_CONTENTS = 10;

export async function readLinkedResource(
  userId: string,
  input: { connectorId: string; uri: string },
): Promise<ResourceContent[]> {
  const c = await findConnector(userId, input.connectorId);
  if (!c) throw new AppError("NOT_FOUND", "Connector not found.");
  if (!c.enabled) throw new AppError("TOOL_UNAVAILABLE", `${c.name} is turned off.`);
  let result;
  try {
    result = await mcpPool().readResource(c, () => connectionAuth(c), input.uri, env().MCP_TEST_TIMEOUT_MS);
  } catch (err) {
    if (err instanceof AppError) throw err;
    logger().warn(
      { event: "resource.read", userId, connectorId: c.id, outcome: "failed", err },
      "resource read failed",
    );
    throw new AppError("TOOL_FAILED", `${c.name} could not read this resource.`);
  }
  return result.contents.slice(0, MAX_CONTENTS).map((r): ResourceContent => {
    const mimeType = typeof r.mimeType === "string" ? r.mimeType.slice(0, 100) : undefined;
    if ("text" in r && typeof r.text === "string")
      return { kind: "text", uri: r.uri, ...(mimeType ? { mimeType } : {}), text: truncate(r.text) };
    const blob = "blob" in r && typeof r.blob === "string" ? r.blob : "";
    if (
      mimeType &&
      IMAGE_TYPES.has(mimeType) &&
      blob.length <= MAX_IMAGE_BASE64_CHARS &&
      /^[A-Za-z0-9+/]*={0,2}$/.test(blob)
    )
      return { kind: "image", uri: r.uri, mimeType, data: blob };
    return {
      kind: "binary",
      uri: r.uri,
      ...(mimeType ? { mimeType } : {}),
      note: `Binary content (${Math.round((blob.length * 3) / 4 / 1024)} KB${mimeType ? `, ${mimeType}` : ""}), not shown.`,
    };
  });
}
