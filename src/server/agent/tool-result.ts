import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

// Enough for any answer a model can use; a server cannot flood the conversation.
export const MAX_RESULT_CHARS = 100_000;

export function truncate(text: string): string {
  return text.length > MAX_RESULT_CHARS
    ? `${text.slice(0, MAX_RESULT_CHARS)}\n[… ${text.length - MAX_RESULT_CHARS} more characters cut]`
    : text;
}

/** Text and structured content of an MCP tool result. */
export function fromMcpResult(r: CallToolResult): { text: string; structured?: unknown; isError: boolean } {
  const text = (r.content ?? [])
    .map((c) => {
      switch (c.type) {
        case "text":
          return c.text;
        case "image":
          return `[image ${c.mimeType}]`;
        case "audio":
          return `[audio ${c.mimeType}]`;
        case "resource":
          return "text" in c.resource ? c.resource.text : `[resource ${c.resource.uri}]`;
        case "resource_link":
          return `[link ${c.uri}]`;
        default:
          return "";
      }
    })
    .filter(Boolean)
    .join("\n");
  return {
    text: truncate(text),
    ...(r.structuredContent ? { structured: r.structuredContent } : {}),
    isError: Boolean(r.isError),
  };
}
