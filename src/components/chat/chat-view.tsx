"use client";

import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport, lastAssistantMessageIsCompleteWithToolCalls, type UIMessage } from "ai";
import { useMemo, useState, type FormEvent, type KeyboardEvent } from "react";
import type { AvailableTool, ChatNotice, ToolCallOutcome } from "@/lib/schemas/agent";
import { selectionKey, type ToolSelection } from "@/lib/tool-selection";
import { AppsMenu } from "@/components/apps/apps-menu";
import { FailingBanner } from "@/components/connectors/failing-banner";
import { api, isApiError } from "@/trpc/react";
import { SchemaForm } from "./schema-form";
import { ToolCard, toolNameOf, type ToolPart } from "./tool-card";

type Meta = { selectedTool?: ToolSelection | null };
export type ChatMessage = UIMessage<Meta, { notice: ChatNotice }>;

/** The error text of a failed chat request: the server answers JSON with a message. */
function errorText(err: Error): string {
  try {
    const body = JSON.parse(err.message) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // not JSON: a stream error message, already meant for the user
  }
  return err.message || "Something went wrong.";
}

function selectionLabel(s: ToolSelection, tools: AvailableTool[] | undefined): string {
  return tools?.find((t) => selectionKey(t.selection) === selectionKey(s))?.label ?? s.toolName;
}

function ConfirmCard({
  part,
  onDecide,
  pending,
}: {
  part: ToolPart;
  onDecide: (send: boolean) => void;
  pending: boolean;
}) {
  const input = (part.input ?? {}) as { to?: string; subject?: string; body?: string };
  return (
    <div className="panel stack confirm" role="group" aria-label="Confirm sending">
      <strong>Send this email?</strong>
      <div className="small">
        <div>To: {input.to}</div>
        <div>Subject: {input.subject}</div>
        <pre>{input.body}</pre>
      </div>
      <div className="row end">
        <button type="button" disabled={pending} onClick={() => onDecide(false)}>
          Don’t send
        </button>
        <button type="button" className="primary" disabled={pending} onClick={() => onDecide(true)}>
          {pending ? "Sending…" : "Send"}
        </button>
      </div>
    </div>
  );
}

export function ChatView({
  chatId,
  initialMessages,
  onActivity,
}: {
  chatId: string;
  initialMessages: ChatMessage[];
  onActivity: () => void;
}) {
  const status = api.agent.status.useQuery();
  const tools = api.agent.availableTools.useQuery();
  const confirm = api.agent.confirmTool.useMutation();
  const runTool = api.agent.runTool.useMutation();
  const [selected, setSelected] = useState<ToolSelection | null>(null);
  const [input, setInput] = useState("");
  const [runError, setRunError] = useState<string | null>(null);
  const modelReady = status.data?.configured === true;

  const transport = useMemo(
    () =>
      new DefaultChatTransport<ChatMessage>({
        api: "/api/agent/chat",
        prepareSendMessagesRequest: ({ id, messages, body }) => ({
          body: {
            id,
            messages,
            selectedTool: (body as { selectedTool?: ToolSelection } | undefined)?.selectedTool ?? null,
          },
        }),
      }),
    [],
  );
  const chat = useChat<ChatMessage>({
    id: chatId,
    messages: initialMessages,
    transport,
    sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithToolCalls,
    onFinish: onActivity,
  });
  const busy = chat.status === "submitted" || chat.status === "streaming";
  const selectedTool = selected
    ? tools.data?.find((t) => selectionKey(t.selection) === selectionKey(selected))
    : undefined;

  function send(e?: FormEvent) {
    e?.preventDefault();
    const text = input.trim();
    if (!text || busy || !modelReady) return;
    const selection = selected;
    void chat.sendMessage({ text, metadata: { selectedTool: selection } }, { body: { selectedTool: selection } });
    setInput("");
    setSelected(null); // a selection applies to one message
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      send();
    }
  }

  async function decide(part: ToolPart, sendIt: boolean) {
    const name = toolNameOf(part);
    const tool = tools.data?.find((t) => t.name === name);
    let output: ToolCallOutcome;
    if (!sendIt || !tool) {
      output = {
        ok: false,
        text: sendIt ? "This tool is no longer available." : "The user chose not to run this.",
        errorCode: "CANCELLED",
        durationMs: 0,
        source: { kind: "system", toolId: "gmail", toolName: name },
        tool: name,
      };
    } else {
      try {
        output = await confirm.mutateAsync({
          conversationId: chatId,
          selection: tool.selection,
          args: (part.input ?? {}) as Record<string, unknown>,
        });
      } catch (err) {
        output = {
          ok: false,
          text: isApiError(err) ? err.message : "The tool failed.",
          errorCode: "TOOL_FAILED",
          durationMs: 0,
          source: { kind: "system", toolId: "gmail", toolName: name },
          tool: name,
        };
      }
    }
    void chat.addToolResult({ tool: name as never, toolCallId: part.toolCallId, output: output });
  }

  async function runDirect(args: Record<string, unknown>) {
    if (!selectedTool) return;
    setRunError(null);
    try {
      const res = await runTool.mutateAsync({ conversationId: chatId, selection: selectedTool.selection, args });
      chat.setMessages([...chat.messages, ...(res.messages as ChatMessage[])]);
      setSelected(null);
      onActivity();
    } catch (err) {
      setRunError(isApiError(err) ? err.message : "The tool could not be run.");
    }
  }

  return (
    <div className="chat">
      <div className="chat-settings muted small" data-testid="model-line">
        {status.isPending
          ? "Checking the model…"
          : modelReady
            ? `Model: ${status.data?.model} at ${status.data?.endpoint}`
            : "No model is configured: choose a tool in Apps to run it directly."}
      </div>
      <FailingBanner />
      <div className="chat-log" aria-live="polite">
        {chat.messages.length === 0 && (
          <div className="empty">
            <p>
              {modelReady
                ? "Ask anything. Pick a tool in Apps to make the agent use it."
                : "No model is configured, so the agent cannot answer yet."}
            </p>
            {!modelReady && (
              <p className="muted">
                An administrator can set OPENAI_BASE_URL (and OPENAI_API_KEY, AGENT_MODEL) for OpenAI, Ollama, vLLM or
                LM Studio. Meanwhile, pick a tool in Apps and run it from its form.
              </p>
            )}
          </div>
        )}
        {chat.messages.map((m) => (
          <div key={m.id} className={`msg msg-${m.role}`} data-testid={`msg-${m.role}`}>
            {m.role === "user" && m.metadata?.selectedTool && (
              <div className="chip small">Tool: {selectionLabel(m.metadata.selectedTool, tools.data)}</div>
            )}
            {m.parts.map((p, i) => {
              if (p.type === "text")
                return (
                  <div key={i} className="msg-text">
                    {p.text}
                  </div>
                );
              if (p.type === "data-notice") {
                const n = p.data;
                return (
                  <div key={i} className="notice small" role="status">
                    {n.name} is unavailable ({n.code}): {n.message} Its tools were left out of this answer.
                  </div>
                );
              }
              if (p.type === "dynamic-tool" || p.type.startsWith("tool-")) {
                const part = p as unknown as ToolPart;
                const tool = tools.data?.find((t) => t.name === toolNameOf(part));
                if (part.state === "input-available" && tool?.requiresConfirmation) {
                  return (
                    <ConfirmCard
                      key={i}
                      part={part}
                      pending={confirm.isPending}
                      onDecide={(yes) => void decide(part, yes)}
                    />
                  );
                }
                return <ToolCard key={i} part={part} />;
              }
              return null;
            })}
          </div>
        ))}
        {chat.status === "submitted" && <div className="muted small">Thinking…</div>}
        {chat.error && (
          <div className="form-error" role="alert">
            {errorText(chat.error)}{" "}
            <button type="button" onClick={() => void chat.regenerate({ body: {} })}>
              Retry
            </button>
          </div>
        )}
      </div>
      {!modelReady && selectedTool && (
        <div className="panel stack" data-testid="direct-run">
          <div className="row">
            <strong className="grow">Run {selectedTool.label}</strong>
            <button type="button" onClick={() => setSelected(null)}>
              Close
            </button>
          </div>
          <p className="muted small">{selectedTool.description}</p>
          <SchemaForm
            key={selectedTool.name}
            schema={selectedTool.inputSchema}
            pending={runTool.isPending}
            submitLabel="Run tool"
            onSubmit={(args) => void runDirect(args)}
          />
          {runError && (
            <div className="form-error" role="alert">
              {runError}
            </div>
          )}
        </div>
      )}
      <div className="composer">
        {selected && (
          <div className="chip" data-testid="selected-tool">
            Tool: {selectionLabel(selected, tools.data)}
            <button type="button" aria-label="Clear the selected tool" onClick={() => setSelected(null)}>
              ×
            </button>
          </div>
        )}
        <div className="row">
          {/* Outside the message form: the Apps menu holds forms of its own. */}
          <AppsMenu selected={selected} onSelect={setSelected} />
          <form className="row grow" onSubmit={send} aria-label="Send a message">
            <textarea
              className="grow"
              rows={2}
              value={input}
              onChange={(e) => setInput(e.target.value)}
              onKeyDown={onKeyDown}
              placeholder={
                modelReady ? "Message the agent (Enter to send, Shift+Enter for a new line)" : "No model configured"
              }
              aria-label="Message"
              disabled={!modelReady}
            />
            {busy ? (
              <button type="button" onClick={() => void chat.stop()}>
                Stop
              </button>
            ) : (
              <button type="submit" className="primary" disabled={!modelReady || !input.trim()}>
                Send
              </button>
            )}
          </form>
        </div>
      </div>
    </div>
  );
}
