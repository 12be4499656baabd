import { MAX_IMAGE_BASE64_CHARS, SHOWN_IMAGE_TYPES } from "@/lib/schemas/mcp";
import { structuredMismatch } from "@/server/connectors/output-schema";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

// Enough for any answer a model can use; a server cannot flood the conversation.
export const MAX_RESULT_CHARS = 100_000;
// Images travel to the browser inside the conversation (and are stored with it): a few,
// each small enough for a screenshot or a chart (MAX_IMAGE_BASE64_CHARS), never a server's
// whole disk; only types a browser shows from a data: URL (SHOWN_IMAGE_TYPES).
export { MAX_IMAGE_BASE64_CHARS };
export const MAX_IMAGES = 4;

// Audio plays in an <audio> element from a data: URL; formats browsers play, capped like images.
export const MAX_AUDIO_BASE64_CHARS = 1_400_000; // about 1 MB
export const MAX_AUDIO = 2;
const PLAYED_AUDIO_TYPES = new Set([
  "audio/mpeg",
  "audio/mp4",
  "audio/aac",
  "audio/ogg",
  "audio/webm",
  "audio/wav",
  "audio/x-wav",
  "audio/wave",
  "audio/flac",
]);
export const MAX_LINKS = 20;
const MAX_LINK_CHARS = 2_048;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export type ToolImage = { mimeType: string; data: string };
export type ToolAudio = ToolImage;
/** A resource the server named in its result; the user reads it through the app, not the browser. */
export type ToolLink = { uri: string; name: string; mimeType?: string; description?: string };

export type ToolResult = {
  text: string;
  structured?: unknown;
  /** Set when the structured result does not match the tool's declared output schema. */
  structuredError?: string;
  images?: ToolImage[];
  audio?: ToolAudio[];
  links?: ToolLink[];
  isError: boolean;
};

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
export function fromMcpResult(r: CallToolResult, outputSchema?: Record<string, unknown>): ToolResult {
  const images: ToolImage[] = [];
  const audio: ToolAudio[] = [];
  const links: ToolLink[] = [];
  const short = (s: unknown, n: number) => (typeof s === "string" ? s.slice(0, n) : undefined);
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
          if (!BASE64.test(c.data)) return `[image ${c.mimeType}: not valid base64]`;
          images.push({ mimeType: c.mimeType, data: c.data });
          return `[image ${c.mimeType}, shown to the user]`;
        }
        case "audio": {
          if (!PLAYED_AUDIO_TYPES.has(c.mimeType)) return `[audio ${c.mimeType}: not played]`;
          if (c.data.length > MAX_AUDIO_BASE64_CHARS)
            return `[audio ${c.mimeType}, ${kilobytes(c.data.length)}: too large to play]`;
          if (audio.length >= MAX_AUDIO) return `[audio ${c.mimeType}: more than ${MAX_AUDIO} clips, not played]`;
          if (!BASE64.test(c.data)) return `[audio ${c.mimeType}: not valid base64]`;
          audio.push({ mimeType: c.mimeType, data: c.data });
          return `[audio ${c.mimeType}, played to the user]`;
        }
        case "resource":
          return "text" in c.resource ? c.resource.text : `[resource ${c.resource.uri}]`;
        case "resource_link": {
          const name = short(c.title, 200) || short(c.name, 200) || c.uri.slice(0, 200);
          if (c.uri.length <= MAX_LINK_CHARS && links.length < MAX_LINKS)
            links.push({
              uri: c.uri,
              name,
              ...(c.mimeType ? { mimeType: c.mimeType.slice(0, 100) } : {}),
              ...(c.description ? { description: c.description.slice(0, 500) } : {}),
            });
          return `[resource link “${name}”: ${c.uri.slice(0, MAX_LINK_CHARS)}]`;
        }
        default:
          return "";
      }
    })
    .filter(Boolean)
    .join("\n");
  // A tool that declares an output schema owes a structured result (unless it failed).
  const structuredError =
    outputSchema && !r.isError
      ? r.structuredContent === undefined
        ? "The tool declares an output schema but returned no structured result."
        : structuredMismatch(outputSchema, r.structuredContent)
      : null;
  return {
    text: truncate(text),
    ...(r.structuredContent ? { structured: r.structuredContent } : {}),
    ...(structuredError ? { structuredError } : {}),
    ...(images.length ? { images } : {}),
    ...(audio.length ? { audio } : {}),
    ...(links.length ? { links } : {}),
    isError: Boolean(r.isError),
  };
}
