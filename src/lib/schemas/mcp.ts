// What the chat and the Connectors page see of a connector's resources, prompts and MCP
// Apps, and what they send back. Everything here describes something a remote server said:
// shown as text, never as markup.
import { z } from "zod";

export const ConnectorRef = z.object({ connectorId: z.string().min(1).max(64) });

/** True when `s` holds a control character (C0 or DEL): never part of a usable URI. */
export function hasControlChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** A resource URI as a server names it: an absolute URI, no control characters, bounded. */
export const ResourceUri = z
  .string()
  .min(1)
  .max(2048)
  .refine((s) => !hasControlChars(s) && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s), "Not a valid resource URI.");

export const ResourceInfo = z.object({
  uri: z.string(),
  name: z.string(),
  description: z.string().optional(),
  mimeType: z.string().optional(),
  size: z.number().optional(),
});
export type ResourceInfo = z.infer<typeof ResourceInfo>;

export const TemplateInfo = z.object({
  uriTemplate: z.string(),
  name: z.string(),
  description: z.string().optional(),
  mimeType: z.string().optional(),
  /** The template's variables, in order: each gets a field (with completion). */
  variables: z.array(z.string()),
});
export type TemplateInfo = z.infer<typeof TemplateInfo>;

export const ResourceListing = z.object({
  connectorName: z.string(),
  resources: z.array(ResourceInfo),
  templates: z.array(TemplateInfo),
});
export type ResourceListing = z.infer<typeof ResourceListing>;

export const ReadResourceRequest = ConnectorRef.extend({ uri: ResourceUri });

export const ExpandTemplateRequest = ConnectorRef.extend({
  uriTemplate: z.string().min(1).max(2048),
  values: z.record(z.string().max(200), z.string().max(1000)),
});

/** Image types a browser shows from a data: URL; SVG could carry scripts, so it is not one of them. */
export const SHOWN_IMAGE_TYPES: ReadonlySet<string> = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);
/** Most base64 of one image that travels to the browser: about 512 KB, a screenshot or chart. */
export const MAX_IMAGE_BASE64_CHARS = 700_000;

/**
 * One resource read for the chat: its text (capped), an image the browser may show, or,
 * for other binary content, only what it is (type and size).
 */
export const ResourceContent = z.object({
  connectorId: z.string(),
  connectorName: z.string(),
  uri: z.string(),
  name: z.string(),
  mimeType: z.string().optional(),
  /** The text the model reads; absent for binary content. */
  text: z.string().optional(),
  /** Size in bytes of the content as the server sent it. */
  size: z.number(),
  truncated: z.boolean(),
  /** Base64 of an image of a shown type within the size cap; only for reading, never attached. */
  image: z.string().optional(),
});
export type ResourceContent = z.infer<typeof ResourceContent>;

/** Most resources attached to one message, and the most text of each the model reads. */
export const MAX_ATTACHMENTS = 5;
export const MAX_ATTACHMENT_CHARS = 50_000;

/** An attachment travels inside the user's message as a data part the model reads as delimited text. */
export const Attachment = ResourceContent.omit({ image: true }).extend({
  text: z.string().max(MAX_ATTACHMENT_CHARS).optional(),
});
export type Attachment = z.infer<typeof Attachment>;

export const CompletionRef = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ref/resource"), uri: z.string().min(1).max(2048) }),
  z.object({ type: z.literal("ref/prompt"), name: z.string().min(1).max(200) }),
]);

export const CompleteRequest = ConnectorRef.extend({
  ref: CompletionRef,
  argument: z.object({ name: z.string().min(1).max(200), value: z.string().max(1000) }),
  /** Values of the other arguments already filled in. */
  context: z.record(z.string().max(200), z.string().max(1000)).optional(),
});

export const PromptInfo = z.object({
  connectorId: z.string(),
  connectorName: z.string(),
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  arguments: z.array(z.object({ name: z.string(), description: z.string().optional(), required: z.boolean() })),
});
export type PromptInfo = z.infer<typeof PromptInfo>;

export const PromptListing = z.object({
  prompts: z.array(PromptInfo),
  /** Connectors whose prompts could not be listed, by the name the user chose. */
  unavailable: z.array(z.string()),
});

export const GetPromptRequest = ConnectorRef.extend({
  name: z.string().min(1).max(200),
  args: z.record(z.string().max(200), z.string().max(10_000)),
});

export const PromptMessages = z.object({
  messages: z.array(z.object({ role: z.enum(["user", "assistant"]), text: z.string() })),
  /** Resources the prompt embeds, to attach to the message. */
  attachments: z.array(Attachment),
});
export type PromptMessages = z.infer<typeof PromptMessages>;
