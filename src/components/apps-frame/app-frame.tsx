"use client";

// The host side of an MCP App (io.modelcontextprotocol/ui): the app's HTML runs in a
// sandboxed frame served by /api/mcp-apps/frame (opaque origin, its own CSP), and talks
// to this page only through the app bridge of @modelcontextprotocol/ext-apps. This module
// is loaded on demand: the bridge is a large part of the chat's JavaScript.
import { AppBridge, PostMessageTransport } from "@modelcontextprotocol/ext-apps/app-bridge";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import type { ToolCallOutcome } from "@/lib/schemas/agent";
import { APP_PERMISSIONS, appAllowAttribute, type AppSandbox } from "@/lib/schemas/mcp-apps";
import { api, isApiError } from "@/trpc/react";
import { useAppApprovals } from "./app-approval";
import type { AppHost } from "./app-host";

// The page's CSP has no 'unsafe-eval': the schema library must not try to compile code.
z.config({ jitless: true });

/** What an app gets when what it asked for could not be read: nothing (its frame then says why). */
const NOTHING: AppSandbox = {
  permissions: [],
  csp: { connectDomains: [], resourceDomains: [], frameDomains: [], baseUriDomains: [] },
};

const MIN_HEIGHT = 80;
const MAX_HEIGHT = 800;

type ContentBlock = { type: string; text?: string };

function toCallToolResult(o: ToolCallOutcome) {
  return {
    content: [{ type: "text" as const, text: o.text }],
    ...(o.structured && typeof o.structured === "object"
      ? { structuredContent: o.structured as Record<string, unknown> }
      : {}),
    isError: !o.ok,
  };
}

/** Only web links, shown by their domain before the user agrees to open them. */
export function linkTarget(url: string): URL | null {
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u : null;
  } catch {
    return null;
  }
}

export function AppFrame({
  app,
  label,
  input,
  outcome,
  host,
}: {
  app: { connectorId: string; resourceUri: string };
  /** "Connector › tool": who the app belongs to, as the user named it. */
  label: string;
  input: unknown;
  outcome: ToolCallOutcome;
  host: AppHost;
}) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(320);
  const [link, setLink] = useState<{ url: URL; answer: (opened: boolean) => void } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const callTool = api.mcp.appCallTool.useMutation();
  const approvals = useAppApprovals(() => latest.current.host.conversationId);
  // Read before the frame loads: its `allow` attribute cannot change once it has.
  const declared = api.mcp.appSandbox.useQuery(
    { connectorId: app.connectorId, uri: app.resourceUri },
    { staleTime: Infinity, retry: false, refetchOnWindowFocus: false },
  );
  const granted = declared.data ?? (declared.isError ? NOTHING : undefined);
  const allow = granted ? appAllowAttribute(granted.permissions) : "";
  // The bridge lives as long as the frame; callbacks read the newest props through a ref.
  const latest = useRef({ input, outcome, host, label, callTool: callTool.mutateAsync, ask: approvals.ask });
  latest.current = { input, outcome, host, label, callTool: callTool.mutateAsync, ask: approvals.ask };
  const src = `/api/mcp-apps/frame?connectorId=${encodeURIComponent(app.connectorId)}&uri=${encodeURIComponent(app.resourceUri)}`;

  useEffect(() => {
    const iframe = frame.current;
    const target = iframe?.contentWindow;
    if (!iframe || !target || !granted) return;
    const bridge = new AppBridge(
      null,
      { name: "Connectors", version: "0.1.0" },
      {
        openLinks: {},
        serverTools: {},
        message: { text: {} },
        // What the app may rely on: exactly what it declared and this host kept.
        sandbox: {
          permissions: Object.fromEntries(granted.permissions.map((p) => [p, {}])),
          csp: granted.csp,
        },
      },
      {
        hostContext: {
          theme: window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light",
          displayMode: "inline",
          availableDisplayModes: ["inline"],
          platform: "web",
          containerDimensions: { maxHeight: MAX_HEIGHT },
        },
      },
    );
    bridge.oninitialized = () => {
      const { input: args, outcome: result } = latest.current;
      void bridge.sendToolInput({ arguments: (args ?? {}) as Record<string, unknown> });
      void bridge.sendToolResult(toCallToolResult(result));
    };
    bridge.onsizechange = ({ height: h }) => {
      if (typeof h === "number") setHeight(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(h))));
    };
    // Its tool calls go to its own connector, through the same path as the model's calls.
    bridge.oncalltool = async (params, extra) => {
      try {
        const args = params.arguments ?? {};
        const o = await latest.current.callTool({
          conversationId: latest.current.host.conversationId,
          connectorId: app.connectorId,
          resourceUri: app.resourceUri,
          toolName: params.name,
          args,
        });
        // A call that asks first waits for the user's answer in the prompt by the app.
        if (o.approval?.status === "pending" && o.approval.toolCallId)
          return toCallToolResult(await latest.current.ask(o, args, extra?.mcpReq?.signal));
        return toCallToolResult(o);
      } catch (err) {
        return {
          content: [{ type: "text" as const, text: isApiError(err) ? err.message : "The tool call failed." }],
          isError: true,
        };
      }
    };
    bridge.onmessage = (params) => {
      const text = (params.content as ContentBlock[])
        .filter((c) => c.type === "text" && typeof c.text === "string")
        .map((c) => c.text)
        .join("\n")
        .slice(0, 20_000);
      if (!text) return Promise.resolve({ isError: true });
      latest.current.host.proposeMessage(text, latest.current.label);
      setNotice("The app proposed a message: it is in the message box for you to review and send.");
      return Promise.resolve({});
    };
    bridge.onopenlink = (params) =>
      new Promise((resolve) => {
        const url = linkTarget(params.url);
        if (!url) return resolve({ isError: true });
        setLink({
          url,
          answer: (opened) => {
            setLink(null);
            if (opened) window.open(url.href, "_blank", "noopener,noreferrer");
            resolve(opened ? {} : { isError: true });
          },
        });
      });
    void bridge.connect(new PostMessageTransport(target, target)).then(() => {
      // Loaded only once the bridge listens, so the app's first message is not missed.
      iframe.src = src;
    });
    return () => {
      void bridge.close();
    };
    // Started once what the app is granted is known; the frame loads once, so a later
    // refetch of the same answer must not restart it.
  }, [app.connectorId, app.resourceUri, src, granted === undefined]);

  return (
    <div className="flex flex-col gap-2" data-testid="mcp-app">
      {granted && granted.permissions.length > 0 && (
        <p className="text-sm text-muted" data-testid="app-permissions">
          This app may use: <strong>{granted.permissions.map((p) => APP_PERMISSIONS[p].label).join(", ")}</strong> (its
          server asked for {granted.permissions.length === 1 ? "it" : "them"}; your browser may ask you first).
        </p>
      )}
      <iframe
        ref={frame}
        title={`${label}: app from the connector`}
        sandbox="allow-scripts"
        allow={allow}
        referrerPolicy="no-referrer"
        className="w-full rounded-lg border border-border bg-white"
        style={{ height }}
      />
      {approvals.prompts}
      {notice && (
        <p className="text-sm text-muted" role="status">
          {notice}
        </p>
      )}
      {link && (
        <Callout tone="warn" className="flex flex-col gap-2" data-testid="app-link-consent">
          <p className="break-words">
            The app asks to open a page on <strong>{link.url.hostname}</strong>.
          </p>
          <p className="text-xs break-all text-muted">{link.url.href}</p>
          <div className="flex flex-wrap gap-2">
            <Button size="sm" variant="primary" onClick={() => link.answer(true)}>
              Open {link.url.hostname}
            </Button>
            <Button size="sm" onClick={() => link.answer(false)}>
              Don’t open
            </Button>
          </div>
        </Callout>
      )}
    </div>
  );
}
