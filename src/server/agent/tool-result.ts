import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

// Enough for any answer a model can use; a server cannot flood the conversation.
export const MAX_RESULT_CHARS = 100_000;
// Images travel to the browser inside the conversation (and are stored with it): a few,
// each small enough for a screenshot or a chart, never a server's whole disk.
export const MAX_IMAGE_BASE64_CHARS = 700_000; // about 512 KB of image
export const MAX_IMAGES = 4;
// What a browser shows in an <img> from a data: URL; SVG could carry scripts, so it stays text.
const SHOWN_IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

export type ToolImage = { mimeType: string; data: string };

export function truncate(text: string): string {
  return text.length > MAX_RESULT_CHARS
    ? `${text.slice(0, MAX_RESULT_CHARS)}\n[… ${text.length - MAX_RESULT_CHARS} more characters cut]`
    : text;
}

function kilobytes(base64Chars: number): string {
  return `${Math.round((base64Chars * 3) / 4 / 1024)} KB`;
}

/**
 * Text, structured content and images of an MCP tool result. The model reads the text (an
 * image is a short placeholder there); the tool card shows the images themselves.
 */
export function fromMcpResult(r: CallToolResult): {
  text: string;
  structured?: unknown;
  images?: ToolImage[];
  isError: boolean;
} {
  const images: ToolImage[] = [];
  const text = (r.content ?? [])
    .map((c) => {
      switch (c.type) {
        case "text":
          return c.text;
        case "image": {
          if (!SHOWN_IMAGE_TYPES.has(c.mimeType)) return `[image ${c.mimeType}: not shown]`;
          if (c.data.length > MAX_IMAGE_BASE64_CHARS)
            return `[image ${c.mimeType}, ${kilobytes(c.data.length)}: too large to show]`;
          if (images.length >= MAX_IMAGES) return `[image ${c.mimeType}: more than ${MAX_IMAGES} images, not shown]`;
          if (!/^[A-Za-z0-9+/]*={0,2}$/.test(c.data)) return `[image ${c.mimeType}: not valid base64]`;
          images.push({ mimeType: c.mimeType, data: c.data });
          return `[image ${c.mimeType}, shown to the user]`;
        }
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
    ...(images.length ? { images } : {}),
    isError: Boolean(r.isError),
  };
}
