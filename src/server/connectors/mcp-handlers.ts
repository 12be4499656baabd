// What a server may ask of the app or tell it during a connection, and the capabilities
// the client declares for that: exactly those it has a handler for (a server shows
// elicitation tools only to clients that declare elicitation).
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  ElicitationCompleteNotificationSchema,
  ElicitRequestSchema,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ToolListChangedNotificationSchema,
  type ClientCapabilities,
  type ElicitRequest,
  type ElicitResult,
} from "@modelcontextprotocol/sdk/types.js";

export type ElicitContext = {
  /** The connector whose server asks; null during a connection test. */
  connectorId: string | null;
  /** Aborted when the server cancels its request or the connection closes. */
  signal: AbortSignal;
};

/** Asks the user; answers accept (with the form's content), decline or cancel. */
export type ElicitHandler = (request: ElicitRequest["params"], ctx: ElicitContext) => Promise<ElicitResult>;

export type ListKind = "tools" | "resources" | "prompts";

export type McpHandlers = {
  /** A server asks the user for input mid-call (elicitation/create). */
  onElicit?: ElicitHandler;
  /** The elicitation modes `onElicit` can present; form only when unset. */
  elicitationModes?: readonly ("form" | "url")[];
  /** A server says one of its lists changed (notifications/…/list_changed). */
  onListChanged?: (list: ListKind) => void;
  /**
   * A server says the step in the browser of a URL question it issued (elicitation/create
   * or a -32042 error) is done (notifications/elicitation/complete).
   */
  onElicitationComplete?: (elicitationId: string) => void;
};

/** The kinds of question the app shows users (in the chat and the direct-run view). */
export const APP_ELICITATION_MODES = ["form", "url"] as const;

/**
 * For a connection that runs no tool (the connection test): it declares what the app's
 * own connections declare, so it lists the same tools (some appear only to clients that
 * take questions).
 */
export const TEST_HANDLERS: McpHandlers = {
  elicitationModes: APP_ELICITATION_MODES,
  onElicit: () => Promise.resolve({ action: "cancel" }),
};

/** MCP Apps (SEP-1865): the chat renders a tool's `ui://` resource in a sandboxed frame. */
export const MCP_APPS_EXTENSION = "io.modelcontextprotocol/ui";
export const MCP_APP_MIME_TYPE = "text/html;profile=mcp-app";
const APPS = { extensions: { [MCP_APPS_EXTENSION]: { mimeTypes: [MCP_APP_MIME_TYPE] } } };

export function clientCapabilities(handlers: McpHandlers | undefined): ClientCapabilities {
  if (!handlers?.onElicit) return { ...APPS };
  const modes = handlers.elicitationModes ?? ["form"];
  return {
    ...APPS,
    elicitation: {
      // The SDK fills in the schema's defaults for fields an accepted form leaves out (SEP-1034).
      ...(modes.includes("form") ? { form: { applyDefaults: true } } : {}),
      ...(modes.includes("url") ? { url: {} } : {}),
    },
  };
}

export function installHandlers(client: Client, handlers: McpHandlers | undefined, connectorId: string | null): void {
  const onElicit = handlers?.onElicit;
  if (onElicit)
    client.setRequestHandler(ElicitRequestSchema, (req, extra) =>
      onElicit(req.params, { connectorId, signal: extra.signal }),
    );
  const onComplete = handlers?.onElicitationComplete;
  if (onComplete && handlers?.elicitationModes?.includes("url"))
    client.setNotificationHandler(ElicitationCompleteNotificationSchema, (n) => onComplete(n.params.elicitationId));
  const onListChanged = handlers?.onListChanged;
  if (!onListChanged) return;
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => onListChanged("tools"));
  client.setNotificationHandler(ResourceListChangedNotificationSchema, () => onListChanged("resources"));
  client.setNotificationHandler(PromptListChangedNotificationSchema, () => onListChanged("prompts"));
}
