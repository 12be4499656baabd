// @vitest-environment happy-dom
import "../support/components/setup";
import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, test, vi } from "vitest";
import { linkTarget } from "@/components/apps-frame/app-frame";
import { AppHostProvider, type AppHost } from "@/components/apps-frame/app-host";
import { ToolCard, type ToolPart } from "@/components/chat/tool-card";
import { scriptFetch } from "../support/components/browser";
import { apiError, type Handlers } from "../support/components/fake-api";
import { buildOutcome } from "../support/components/builders";
import { renderWithApi } from "../support/components/render";

const APP = { connectorId: "conn_clock", resourceUri: "ui://get-time/mcp-app.html" };
const NO_DOMAINS = { connectDomains: [], resourceDomains: [], frameDomains: [], baseUriDomains: [] };
const outcome = buildOutcome({
  tool: "get-time",
  label: "Clock › Get Time",
  text: "2026-12-07T12:00:00.000Z",
  structured: { time: "2026-12-07T12:00:00.000Z" },
  source: { kind: "connector", connectorId: "conn_clock", connectorName: "Clock" },
  app: APP,
});
const part: ToolPart = {
  type: "dynamic-tool",
  toolName: "get-time",
  toolCallId: "call_1",
  state: "output-available",
  input: { zone: "UTC" },
  output: outcome,
};

/** The app inside the frame: messages it posts to the host, and what the host posts back. */
async function renderApp(handlers: Handlers = {}) {
  scriptFetch({});
  // happy-dom loads no page into frames: the app's window is a stand-in; what the host posts
  // to it is recorded, and the app's messages are dispatched as coming from it.
  const sent: { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown> }[] =
    [];
  const win = {
    postMessage: (data: unknown) => {
      sent.push(data as (typeof sent)[number]);
    },
  } as unknown as Window;
  vi.spyOn(HTMLIFrameElement.prototype, "contentWindow", "get").mockReturnValue(win);
  const proposed: { text: string; from: string }[] = [];
  const host: AppHost = { conversationId: "chat_1", proposeMessage: (text, from) => proposed.push({ text, from }) };
  const r = renderWithApi(
    <AppHostProvider value={host}>
      <ToolCard part={part} />
    </AppHostProvider>,
    { "mcp.appSandbox": () => ({ permissions: [], csp: NO_DOMAINS }), ...handlers },
  );
  const iframe = await screen.findByTitle<HTMLIFrameElement>("Clock › Get Time: app from the connector");
  await waitFor(() => expect(iframe.getAttribute("src")).toContain("/api/mcp-apps/frame?"));
  let id = 0;
  const fromApp = (method: string, params: Record<string, unknown>) => {
    id += 1;
    const msg = { jsonrpc: "2.0", id, method, params };
    act(() => {
      window.dispatchEvent(new MessageEvent("message", { data: msg, source: win }));
    });
    return id;
  };
  const notifyFromApp = (method: string, params: Record<string, unknown>) =>
    act(() => {
      window.dispatchEvent(new MessageEvent("message", { data: { jsonrpc: "2.0", method, params }, source: win }));
    });
  const answer = async (reqId: number) => {
    await waitFor(() => expect(sent.find((m) => m.id === reqId)).toBeDefined());
    return sent.find((m) => m.id === reqId)!;
  };
  const initialize = async () => {
    const init = fromApp("ui/initialize", {
      appInfo: { name: "app", version: "1" },
      appCapabilities: {},
      protocolVersion: "2026-01-26",
    });
    await answer(init);
    act(() => {
      window.dispatchEvent(
        new MessageEvent("message", {
          data: { jsonrpc: "2.0", method: "ui/notifications/initialized", params: {} },
          source: win,
        }),
      );
    });
  };
  return { ...r, iframe, sent, fromApp, notifyFromApp, answer, initialize, proposed };
}

/** The host's `sandbox` capability, as the app reads it in the answer to its `ui/initialize`. */
async function grantedSandbox(app: Awaited<ReturnType<typeof renderApp>>) {
  const init = await app.answer(
    app.fromApp("ui/initialize", {
      appInfo: { name: "app", version: "1" },
      appCapabilities: {},
      protocolVersion: "2026-01-26",
    }),
  );
  return (init.result as { hostCapabilities: { sandbox?: unknown } }).hostCapabilities.sandbox;
}

describe("an MCP App in a tool card", () => {
  test("loads sandboxed from the frame route, for its connector and resource", async () => {
    const { iframe } = await renderApp();
    expect(iframe).toHaveAttribute("sandbox", "allow-scripts");
    expect(iframe.getAttribute("sandbox")).not.toContain("allow-same-origin");
    const src = new URL(iframe.getAttribute("src")!, "http://localhost");
    expect(src.pathname).toBe("/api/mcp-apps/frame");
    expect(Object.fromEntries(src.searchParams)).toEqual({ connectorId: APP.connectorId, uri: APP.resourceUri });
  });

  test("is granted exactly the permissions its server declared, says which, and tells the app", async () => {
    const asked: unknown[] = [];
    const app = await renderApp({
      "mcp.appSandbox": (input) => {
        asked.push(input);
        return {
          permissions: ["microphone", "clipboardWrite"],
          csp: { ...NO_DOMAINS, connectDomains: ["https://api.example.com"] },
        };
      },
    });
    expect(asked).toEqual([{ connectorId: APP.connectorId, uri: APP.resourceUri }]);
    expect(app.iframe).toHaveAttribute("allow", "microphone; clipboard-write");
    expect(screen.getByTestId("app-permissions")).toHaveTextContent(
      "This app may use: Microphone, Copying to your clipboard (its server asked for them; your browser may ask you first).",
    );
    expect(await grantedSandbox(app)).toEqual({
      permissions: { microphone: {}, clipboardWrite: {} },
      csp: { ...NO_DOMAINS, connectDomains: ["https://api.example.com"] },
    });
  });

  test("asks for nothing when its server declared nothing", async () => {
    const app = await renderApp();
    expect(app.iframe.getAttribute("allow")).toBe("");
    expect(screen.queryByTestId("app-permissions")).toBeNull();
    expect(await grantedSandbox(app)).toEqual({ permissions: {}, csp: NO_DOMAINS });
  });

  test("is granted nothing when what it declared cannot be read (its frame then says why)", async () => {
    const app = await renderApp({
      "mcp.appSandbox": () => {
        throw apiError("TOOL_ERROR", "Clock returned nothing for its app.");
      },
    });
    expect(app.iframe.getAttribute("allow")).toBe("");
    expect(screen.queryByTestId("app-permissions")).toBeNull();
    expect(await grantedSandbox(app)).toEqual({ permissions: {}, csp: NO_DOMAINS });
  });

  test("gets the tool's input and result once it is ready, and can resize within bounds", async () => {
    const { sent, initialize, iframe } = await renderApp();
    await initialize();
    await waitFor(() => expect(sent.map((m) => m.method)).toContain("ui/notifications/tool-result"));
    expect(sent.find((m) => m.method === "ui/notifications/tool-input")?.params).toEqual({
      arguments: { zone: "UTC" },
    });
    expect(sent.find((m) => m.method === "ui/notifications/tool-result")?.params).toMatchObject({
      content: [{ type: "text", text: "2026-12-07T12:00:00.000Z" }],
      structuredContent: { time: "2026-12-07T12:00:00.000Z" },
      isError: false,
    });
    act(() => {
      window.dispatchEvent(
        new MessageEvent("message", {
          data: { jsonrpc: "2.0", method: "ui/notifications/size-changed", params: { height: 5000 } },
          source: iframe.contentWindow as Window,
        }),
      );
    });
    await waitFor(() => expect(iframe.style.height).toBe("800px"));
  });

  test("its tool calls go to its own connector in this conversation; a refusal comes back as an error", async () => {
    const calls: unknown[] = [];
    let fail = false;
    const { fromApp, answer, initialize } = await renderApp({
      "mcp.appCallTool": (input) => {
        calls.push(input);
        if (fail) throw apiError("TOOL_UNAVAILABLE", "Clock no longer offers the tool nope.");
        return { ...outcome, text: "2026-12-07T12:00:05.000Z" };
      },
    });
    await initialize();
    const ok = await answer(fromApp("tools/call", { name: "get-time", arguments: {} }));
    expect(ok.result).toMatchObject({ content: [{ type: "text", text: "2026-12-07T12:00:05.000Z" }], isError: false });
    expect(calls).toEqual([
      {
        conversationId: "chat_1",
        connectorId: "conn_clock",
        resourceUri: APP.resourceUri,
        toolName: "get-time",
        args: {},
      },
    ]);
    fail = true;
    const refused = await answer(fromApp("tools/call", { name: "nope" }));
    expect(refused.result).toMatchObject({
      content: [{ type: "text", text: "Clock no longer offers the tool nope." }],
      isError: true,
    });
  });

  test("a call that asks first waits for the user's answer next to the app, and the app gets what it yields", async () => {
    let n = 0;
    const decisions: unknown[] = [];
    let failDecision = false;
    const { fromApp, notifyFromApp, answer, initialize, user, sent } = await renderApp({
      "mcp.appCallTool": () => {
        n += 1;
        return {
          ...outcome,
          label: "Board › Move card",
          tool: "move-card",
          source: { kind: "connector" as const, connectorId: "conn_clock", connectorName: "Board" },
          ok: false,
          text: "Waiting for the user's approval.",
          errorCode: "APPROVAL_PENDING",
          approval: {
            status: "pending" as const,
            toolCallId: `app-${n}`,
            expiresAt: new Date(Date.now() + (n === 3 ? 50 : 60_000)).toISOString(),
          },
        };
      },
      "agent.decideApproval": (input) => {
        decisions.push(input);
        if (failDecision) throw apiError("INTERNAL", "The server is busy.");
        const { decision } = input as { decision: string };
        return decision === "deny"
          ? { ...outcome, ok: false, text: "The user declined this tool call; it was not run.", errorCode: "DECLINED" }
          : {
              ...outcome,
              text: "moved <b>Launch</b>",
              approval: { status: "allowed" as const, scope: "once" as const },
            };
      },
    });
    await initialize();
    const args = { card: "<b>Launch</b>", to: "Done" };
    const first = fromApp("tools/call", { name: "move-card", arguments: args });
    const card = await screen.findByRole("group", { name: "Allow Move card?" });
    expect(card).toHaveTextContent("Board · the app wants to run this tool with these arguments.");
    // The arguments the app sent, as text: nothing in them is markup.
    expect(within(card).getByTestId("approval-args").textContent).toBe(JSON.stringify(args, null, 2));
    expect(card.querySelector("b")).toBeNull();
    expect(sent.find((m) => m.id === first)).toBeUndefined();

    // An answer that does not get through can be given again; the app keeps waiting.
    failDecision = true;
    await user.click(within(card).getByRole("button", { name: "Allow once" }));
    expect(await within(card).findByRole("alert")).toHaveTextContent("The server is busy.");
    expect(sent.find((m) => m.id === first)).toBeUndefined();
    failDecision = false;
    within(card).getByRole("button", { name: "Allow once" }).focus();
    await user.keyboard("{Enter}");
    expect((await answer(first)).result).toMatchObject({
      content: [{ type: "text", text: "moved <b>Launch</b>" }],
      isError: false,
    });
    expect(decisions.at(-1)).toEqual({ conversationId: "chat_1", toolCallId: "app-1", decision: "once", args });
    expect(screen.queryByTestId("approval-card")).toBeNull();

    const second = fromApp("tools/call", { name: "move-card", arguments: args });
    await user.click(await screen.findByRole("button", { name: "Deny" }));
    expect((await answer(second)).result).toMatchObject({
      content: [{ type: "text", text: "The user declined this tool call; it was not run." }],
      isError: true,
    });
    expect(decisions.at(-1)).toMatchObject({ toolCallId: "app-2", decision: "deny" });

    // Not answered before the request expires: the app is told, and the prompt goes away.
    const third = fromApp("tools/call", { name: "move-card", arguments: args });
    expect((await answer(third)).result).toMatchObject({
      content: [{ type: "text", text: "The user did not answer the approval request in time; the tool was not run." }],
      isError: true,
    });
    expect(screen.queryByTestId("approval-card")).toBeNull();
    expect(decisions).toHaveLength(3);

    // The app stops waiting (it cancels its request): the prompt goes away, nothing is answered.
    // Two calls wait at once, each with its own prompt; one is answered, then the app gives up the other.
    const fourth = fromApp("tools/call", { name: "move-card", arguments: args });
    await screen.findByTestId("approval-card");
    const fifth = fromApp("tools/call", { name: "move-card", arguments: { card: "Docs" } });
    await waitFor(() => expect(screen.getAllByTestId("approval-card")).toHaveLength(2));
    const [, last] = screen.getAllByTestId("approval-card");
    await user.click(within(last!).getByRole("button", { name: "Allow for this conversation" }));
    expect((await answer(fifth)).result).toMatchObject({ isError: false });
    expect(decisions.at(-1)).toMatchObject({ toolCallId: "app-5", decision: "conversation", args: { card: "Docs" } });
    notifyFromApp("notifications/cancelled", { requestId: fourth });
    await waitFor(() => expect(screen.queryByTestId("approval-card")).toBeNull());
    expect(decisions).toHaveLength(4);
  });

  test("a message it sends is proposed in the composer, not sent", async () => {
    const { fromApp, answer, initialize, proposed } = await renderApp();
    await initialize();
    const r = await answer(fromApp("ui/message", { role: "user", content: [{ type: "text", text: "Book it" }] }));
    expect(r.result).toEqual({});
    expect(proposed).toEqual([{ text: "Book it", from: "Clock › Get Time" }]);
    expect(screen.getByRole("status")).toHaveTextContent("review and send");
    const empty = await answer(
      fromApp("ui/message", { role: "user", content: [{ type: "image", data: "", mimeType: "image/png" }] }),
    );
    expect(empty.result).toEqual({ isError: true });
  });

  test("a link opens only after the user agrees, with its domain shown; declining tells the app", async () => {
    const open = vi.spyOn(window, "open").mockImplementation(() => null);
    const { fromApp, answer, initialize, user } = await renderApp();
    await initialize();
    const declined = fromApp("ui/open-link", { url: "https://docs.example.com/page?x=1" });
    const consent = await screen.findByTestId("app-link-consent");
    expect(consent).toHaveTextContent("The app asks to open a page on docs.example.com.");
    await user.click(within(consent).getByRole("button", { name: "Don’t open" }));
    expect((await answer(declined)).result).toEqual({ isError: true });
    expect(open).not.toHaveBeenCalled();

    const agreed = fromApp("ui/open-link", { url: "https://docs.example.com/page" });
    await user.click(await screen.findByRole("button", { name: "Open docs.example.com" }));
    expect((await answer(agreed)).result).toEqual({});
    expect(open).toHaveBeenCalledWith("https://docs.example.com/page", "_blank", "noopener,noreferrer");

    const script = fromApp("ui/open-link", { url: "javascript:alert(1)" });
    expect((await answer(script)).result).toEqual({ isError: true });
    expect(screen.queryByTestId("app-link-consent")).toBeNull();
  });

  test("is not shown outside a chat, nor for a failed call", () => {
    renderWithApi(<ToolCard part={part} />);
    expect(screen.queryByTestId("mcp-app")).toBeNull();
  });
});

test("only web links can be opened", () => {
  expect(linkTarget("https://a.example/x")?.hostname).toBe("a.example");
  expect(linkTarget("http://a.example")?.hostname).toBe("a.example");
  expect(linkTarget("javascript:alert(1)")).toBeNull();
  expect(linkTarget("data:text/html,hi")).toBeNull();
  expect(linkTarget("not a url")).toBeNull();
});
