// The prompts of the user's connectors (the chat's "/" menu) and one prompt filled in with
// its arguments: its messages as text for the composer, embedded resources as attachments.
import { env } from "@/env";
import type { PromptInfo, PromptMessages, ResourceContent } from "@/lib/schemas/mcp";
import { onConnection, toContents, usableConnector } from "@/server/connectors/resources";
import { listConnectors } from "@/server/db/connectors";
import { logger } from "@/server/platform/log";
import type { GetPromptResult, Prompt } from "@modelcontextprotocol/sdk/types.js";

const MAX_PROMPTS_PER_CONNECTOR = 200;
const MAX_PROMPT_TEXT = 50_000;

const clip = (v: unknown, max: number): string | undefined =>
  typeof v === "string" && v.trim() ? v.slice(0, max) : undefined;

function toInfo(c: { id: string; name: string }, p: Prompt): PromptInfo | null {
  if (typeof p.name !== "string" || !p.name || p.name.length > 200) return null;
  return {
    connectorId: c.id,
    connectorName: c.name,
    name: p.name,
    ...(clip(p.title, 200) ? { title: clip(p.title, 200) } : {}),
    ...(clip(p.description, 1000) ? { description: clip(p.description, 1000) } : {}),
    arguments: (p.arguments ?? []).slice(0, 30).flatMap((a) =>
      typeof a.name === "string" && a.name
        ? [
            {
              name: a.name.slice(0, 200),
              ...(clip(a.description, 500) ? { description: clip(a.description, 500) } : {}),
              required: a.required === true,
            },
          ]
        : [],
    ),
  };
}

/** Every enabled connector's prompts; a connector that fails is named, the others still list. */
export async function listPrompts(userId: string): Promise<{ prompts: PromptInfo[]; unavailable: string[] }> {
  const connectors = (await listConnectors(userId)).filter((c) => c.enabled);
  const unavailable: string[] = [];
  const lists = await Promise.all(
    connectors.map(async (c) => {
      try {
        return await onConnection(c, async (conn, signal) => {
          if (!conn.client.getServerCapabilities()?.prompts) return [];
          const r = await conn.client.listPrompts({}, { signal, timeout: env().TOOL_CALL_TIMEOUT_MS });
          return r.prompts.slice(0, MAX_PROMPTS_PER_CONNECTOR).flatMap((p) => toInfo(c, p) ?? []);
        });
      } catch (err) {
        logger().warn({ event: "connector.prompts", userId, connectorId: c.id, err }, "prompts could not be listed");
        unavailable.push(c.name);
        return [];
      }
    }),
  );
  return { prompts: lists.flat(), unavailable };
}

/** The prompt's messages: text for the composer, embedded resources as attachments. */
export function toPromptMessages(c: { id: string; name: string }, r: GetPromptResult): PromptMessages {
  const messages: PromptMessages["messages"] = [];
  const attachments: ResourceContent[] = [];
  for (const m of r.messages.slice(0, 50)) {
    const role = m.role === "assistant" ? "assistant" : "user";
    const content = m.content;
    if (content.type === "text") messages.push({ role, text: content.text.slice(0, MAX_PROMPT_TEXT) });
    else if (content.type === "resource")
      attachments.push(...toContents(c, content.resource.uri, undefined, { contents: [content.resource] }));
    else if (content.type === "resource_link") messages.push({ role, text: content.uri });
    else messages.push({ role, text: `[${content.type} ${"mimeType" in content ? content.mimeType : ""}]`.trim() });
  }
  return { messages, attachments: attachments.slice(0, 5) };
}

export async function getPrompt(
  userId: string,
  input: { connectorId: string; name: string; args: Record<string, string> },
): Promise<PromptMessages> {
  const c = await usableConnector(userId, input.connectorId);
  const r = await onConnection(c, (conn, signal) =>
    conn.client.getPrompt({ name: input.name, arguments: input.args }, { signal, timeout: env().TOOL_CALL_TIMEOUT_MS }),
  );
  return toPromptMessages(c, r);
}
