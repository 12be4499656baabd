// A connector's resources and resource templates: listed, read and completed for the user
// who owns the connector, on its pooled connection, each under a deadline. The one way a
// resource is read, whether the user attaches it or opens a link a tool result named: the
// server is asked over the connector's own MCP connection, never fetched from whatever
// address it names. What a server says is untrusted: entries with unusable URIs are left
// out, text is capped, images of the types the browser shows come back within a size cap,
// other binary content is described (type and size), never passed on.
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import {
  MAX_ATTACHMENT_CHARS,
  MAX_IMAGE_BASE64_CHARS,
  ResourceUri,
  SHOWN_IMAGE_TYPES,
  type ResourceContent,
  type ResourceInfo,
  type ResourceListing,
  type TemplateInfo,
} from "@/lib/schemas/mcp";
import type { McpConnection } from "@/server/connectors/mcp-client";
import { mcpPool } from "@/server/connectors/pool";
import { connectionAuth } from "@/server/connectors/service/auth";
import { ownConnector } from "@/server/connectors/service/rules";
import type { ConnectorRecord } from "@/server/db/connectors";
import { logger } from "@/server/platform/log";
import { UriTemplate } from "@modelcontextprotocol/sdk/shared/uriTemplate.js";
import { ErrorCode, McpError, type CompleteRequest, type ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

const MAX_PAGES = 20;
const MAX_ENTRIES = 500;
const MAX_COMPLETIONS = 100;
/** Most items of one read the chat takes (a server may answer a read with many). */
const MAX_CONTENTS = 10;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The user's enabled connector, or NOT_FOUND (someone else's connector looks the same as none). */
export async function usableConnector(userId: string, connectorId: string): Promise<ConnectorRecord> {
  const c = await ownConnector(userId, connectorId);
  if (!c.enabled) throw new AppError("TOOL_UNAVAILABLE", `${c.name} is turned off.`);
  return c;
}

/**
 * What the user reads when the server refused, did not answer, or answered outside the
 * protocol's schema (the SDK's parse of its result failed: that is the server's fault, not
 * the user's input); anything else stays internal.
 */
function asAppError(c: ConnectorRecord, err: unknown): unknown {
  if (err instanceof AppError) return err;
  if (err instanceof z.core.$ZodError) {
    logger().warn(
      { event: "connector.bad_answer", connectorId: c.id, issues: err.issues.slice(0, 5) },
      "server answered outside the protocol's schema",
    );
    return new AppError("TOOL_FAILED", `${c.name} sent an answer that cannot be used.`);
  }
  if (err instanceof McpError) {
    if (err.code === Number(ErrorCode.RequestTimeout))
      return new AppError("TIMEOUT", `${c.name} did not answer in time.`);
    const said = err.message.replace(/^MCP error -?\d+: /, "").slice(0, 300);
    return new AppError("TOOL_ERROR", `${c.name} answered: ${said}`);
  }
  const name = (err as Error | undefined)?.name;
  if (name === "TimeoutError" || name === "AbortError")
    return new AppError("TIMEOUT", `${c.name} did not answer in time.`);
  return err;
}

/** Runs `op` on the connector's pooled connection within the tool call deadline. */
export async function onConnection<T>(
  c: ConnectorRecord,
  op: (conn: McpConnection, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  try {
    return await mcpPool().request(c, () => connectionAuth(c), env().TOOL_CALL_TIMEOUT_MS, op);
  } catch (err) {
    throw asAppError(c, err);
  }
}

const text = (v: unknown, max = 1000): string | undefined =>
  typeof v === "string" && v.trim() ? v.slice(0, max) : undefined;

function usableUri(uri: unknown): uri is string {
  return ResourceUri.safeParse(uri).success;
}

/** Follows a list's pages to the end, within bounds a server cannot stretch. */
async function allPages<T>(fetchPage: (cursor?: string) => Promise<{ items: T[]; nextCursor?: string }>) {
  const out: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES && out.length < MAX_ENTRIES; page++) {
    const res = await fetchPage(cursor);
    out.push(...res.items);
    cursor = res.nextCursor;
    if (!cursor || seen.has(cursor)) break;
    seen.add(cursor);
  }
  return out.slice(0, MAX_ENTRIES);
}

function variablesOf(uriTemplate: string): string[] | null {
  try {
    return new UriTemplate(uriTemplate).variableNames;
  } catch {
    return null;
  }
}

export async function listResources(userId: string, connectorId: string): Promise<ResourceListing> {
  const c = await usableConnector(userId, connectorId);
  return onConnection(c, async (conn, signal) => {
    const caps = conn.client.getServerCapabilities();
    if (!caps?.resources) return { connectorName: c.name, resources: [], templates: [] };
    const opts = { signal, timeout: env().TOOL_CALL_TIMEOUT_MS };
    const [resources, templates] = await Promise.all([
      allPages(async (cursor) => {
        const r = await conn.client.listResources(cursor ? { cursor } : {}, opts);
        return { items: r.resources, nextCursor: r.nextCursor };
      }),
      allPages(async (cursor) => {
        const r = await conn.client.listResourceTemplates(cursor ? { cursor } : {}, opts);
        return { items: r.resourceTemplates, nextCursor: r.nextCursor };
      }),
    ]);
    return {
      connectorName: c.name,
      resources: resources
        .filter((r) => usableUri(r.uri))
        .map((r): ResourceInfo => ({
          uri: r.uri,
          name: text(r.title, 200) ?? text(r.name, 200) ?? r.uri,
          ...(text(r.description) ? { description: text(r.description) } : {}),
          ...(text(r.mimeType, 100) ? { mimeType: text(r.mimeType, 100) } : {}),
          ...(typeof r.size === "number" ? { size: r.size } : {}),
        })),
      templates: templates.flatMap((t): TemplateInfo[] => {
        const variables = typeof t.uriTemplate === "string" ? variablesOf(t.uriTemplate) : null;
        if (!variables) return [];
        return [
          {
            uriTemplate: t.uriTemplate,
            name: text(t.title, 200) ?? text(t.name, 200) ?? t.uriTemplate,
            ...(text(t.description) ? { description: text(t.description) } : {}),
            ...(text(t.mimeType, 100) ? { mimeType: text(t.mimeType, 100) } : {}),
            variables,
          },
        ];
      }),
    };
  });
}

/** A template filled with the user's values: the URI to read. */
export function expandTemplate(uriTemplate: string, values: Record<string, string>): string {
  const variables = variablesOf(uriTemplate);
  if (!variables) throw new AppError("VALIDATION", "The server's resource template is not valid.");
  const missing = variables.find((v) => !values[v]?.trim());
  if (missing) throw new AppError("VALIDATION", `Fill in ${missing}.`);
  const uri = new UriTemplate(uriTemplate).expand(values);
  if (!usableUri(uri)) throw new AppError("VALIDATION", "The template does not make a valid resource URI.");
  return uri;
}

function base64Bytes(data: string): number {
  const padding = data.endsWith("==") ? 2 : data.endsWith("=") ? 1 : 0;
  return Math.max(0, Math.floor((data.length * 3) / 4) - padding);
}

/**
 * The contents of a read, as the chat may use them. With `images`, an image of a type the
 * browser shows, within the cap and valid base64, comes with its data (to show, never to attach).
 */
export function toContents(
  c: Pick<ConnectorRecord, "id" | "name">,
  requested: string,
  name: string | undefined,
  result: ReadResourceResult,
  opts: { images?: boolean } = {},
): ResourceContent[] {
  return result.contents.slice(0, MAX_CONTENTS).map((item) => {
    const uri = usableUri(item.uri) ? item.uri : requested;
    const mimeType = text(item.mimeType, 100);
    const base = {
      connectorId: c.id,
      connectorName: c.name,
      uri,
      name: name?.slice(0, 200) || uri,
      ...(mimeType ? { mimeType } : {}),
    };
    if ("text" in item && typeof item.text === "string") {
      return {
        ...base,
        text: item.text.slice(0, MAX_ATTACHMENT_CHARS),
        size: Buffer.byteLength(item.text),
        truncated: item.text.length > MAX_ATTACHMENT_CHARS,
      };
    }
    const blob = "blob" in item && typeof item.blob === "string" ? item.blob : "";
    const shown =
      opts.images &&
      mimeType !== undefined &&
      SHOWN_IMAGE_TYPES.has(mimeType) &&
      blob.length > 0 &&
      blob.length <= MAX_IMAGE_BASE64_CHARS &&
      BASE64.test(blob);
    return { ...base, size: base64Bytes(blob), truncated: false, ...(shown ? { image: blob } : {}) };
  });
}

/**
 * Reads one resource of the user's enabled connector: to attach it to a message (the model
 * reads its text) or to show it where a tool result linked to it (images shown too).
 */
export async function readResource(
  userId: string,
  input: { connectorId: string; uri: string; name?: string },
): Promise<ResourceContent[]> {
  const c = await usableConnector(userId, input.connectorId);
  let result: ReadResourceResult;
  try {
    result = await onConnection(c, (conn, signal) =>
      conn.client.readResource({ uri: input.uri }, { signal, timeout: env().TOOL_CALL_TIMEOUT_MS }),
    );
  } catch (err) {
    if (err instanceof AppError) throw err;
    logger().warn(
      { event: "resource.read", userId, connectorId: c.id, outcome: "failed", err },
      "resource read failed",
    );
    throw new AppError("TOOL_FAILED", `${c.name} could not read this resource.`);
  }
  if (!Array.isArray(result.contents) || result.contents.length === 0)
    throw new AppError("TOOL_ERROR", "The server returned nothing for this resource.");
  return toContents(c, input.uri, input.name, result, { images: true });
}

/** Suggestions for one argument of a resource template or a prompt (completion/complete). */
export async function complete(
  userId: string,
  input: {
    connectorId: string;
    ref: CompleteRequest["params"]["ref"];
    argument: { name: string; value: string };
    context?: Record<string, string>;
  },
): Promise<string[]> {
  const c = await usableConnector(userId, input.connectorId);
  return onConnection(c, async (conn, signal) => {
    if (!conn.client.getServerCapabilities()?.completions) return [];
    const r = await conn.client.complete(
      {
        ref: input.ref,
        argument: input.argument,
        ...(input.context ? { context: { arguments: input.context } } : {}),
      },
      { signal, timeout: env().TOOL_CALL_TIMEOUT_MS },
    );
    return r.completion.values
      .filter((v): v is string => typeof v === "string")
      .slice(0, MAX_COMPLETIONS)
      .map((v) => v.slice(0, 1000));
  });
}
