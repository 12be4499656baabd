"use client";

import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport, lastAssistantMessageIsCompleteWithToolCalls } from "ai";
import { X } from "lucide-react";
import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { AppsMenu } from "@/components/apps/apps-menu";
import { AppHostProvider } from "@/components/apps-frame/app-host";
import { FailingBanner } from "@/components/connectors/failing-banner";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Textarea } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import type { ToolCallOutcome } from "@/lib/schemas/agent";
import type { ApprovalDecision } from "@/lib/schemas/tool-policy";
import { selectionKey, type ToolSelection } from "@/lib/tool-selection";
import { api, isApiError } from "@/trpc/react";
import { AttachMenu } from "./attach-menu";
import { ComposerAddons, useComposerAddons } from "./composer-addons";
import { MessageItem, selectionLabel, type ChatMessage } from "./message-list";
import { PolledQuestions, usePolledCall } from "./polled-call";
import { SchemaForm } from "./schema-form";
import { toolNameOf, type ToolPart } from "./tool-card";
import { ProgressLine } from "./tool-result-view";

export type { ChatMessage } from "./message-list";

/**
 * Continue the turn when every call of its last step has its outcome, none waits for the
 * user and none was stopped by the user (Stop ends the answer, whatever ran it).
 */
function resumeWhenDecided({ messages }: { messages: ChatMessage[] }): boolean {
  if (!lastAssistantMessageIsCompleteWithToolCalls({ messages })) return false;
  return !messages.at(-1)!.parts.some((p) => {
    const outcome = "output" in p ? (p.output as ToolCallOutcome | undefined) : undefined;
    return outcome?.approval?.status === "pending" || outcome?.errorCode === "CANCELLED";
  });
}

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

export function ChatView({
  chatId,
  initialMessages,
  onActivity,
  toolbar,
}: {
  chatId: string;
  initialMessages: ChatMessage[];
  onActivity: () => void;
  /** The phone's conversation buttons, next to the model line. */
  toolbar?: ReactNode;
}) {
  const status = api.agent.status.useQuery();
  const tools = api.agent.availableTools.useQuery();
  const decideApproval = api.agent.decideApproval.useMutation();
  const [deciding, setDeciding] = useState<string | null>(null);
  const [approvalErrors, setApprovalErrors] = useState<Record<string, string>>({});
  const runTool = api.agent.runTool.useMutation();
  const stopTurn = api.agent.stop.useMutation();
  const polled = usePolledCall(chatId, runTool.isPending || decideApproval.isPending);
  const [selected, setSelected] = useState<ToolSelection | null>(null);
  const [input, setInput] = useState("");
  const [runError, setRunError] = useState<string | null>(null);
  const modelReady = status.data?.configured === true;
  const logEnd = useRef<HTMLDivElement>(null);
  const messageBox = useRef<HTMLTextAreaElement>(null);
  const composer = useComposerAddons(chatId, input, setInput, messageBox);

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
    sendAutomaticallyWhen: resumeWhenDecided,
    onFinish: onActivity,
  });
  const busy = chat.status === "submitted" || chat.status === "streaming";
  const selectedTool = selected
    ? tools.data?.find((t) => selectionKey(t.selection) === selectionKey(selected))
    : undefined;

  // Keep the newest message in view as it streams in.
  useEffect(() => {
    logEnd.current?.scrollIntoView?.({ block: "end" });
  }, [chat.messages]);

  function send(e?: FormEvent) {
    e?.preventDefault();
    const text = input.trim();
    if (!text || busy || !modelReady) return;
    const selection = selected;
    void chat.sendMessage(
      {
        parts: [
          { type: "text", text },
          ...composer.attachments.map((a) => ({ type: "data-attachment" as const, data: a })),
        ],
        metadata: { selectedTool: selection },
      },
      { body: { selectedTool: selection } },
    );
    setInput("");
    composer.clear();
    setSelected(null); // a selection applies to one message
  }

  // A retry sends the same selected tool again, so it is forced again.
  function retry() {
    const lastUser = chat.messages.findLast((m) => m.role === "user");
    void chat.regenerate({ body: { selectedTool: lastUser?.metadata?.selectedTool ?? null } });
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (composer.slash.onKeyDown(e)) {
      e.preventDefault();
      return;
    }
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  }

  // The server runs (or declines) the stored call; its outcome goes into the conversation
  // and the turn resumes from there once no call is waiting.
  async function decide(part: ToolPart, decision: ApprovalDecision) {
    setDeciding(part.toolCallId);
    polled.reset();
    try {
      const output = await decideApproval.mutateAsync({
        conversationId: chatId,
        toolCallId: part.toolCallId,
        decision,
        args: part.input ?? {},
      });
      setApprovalErrors(({ [part.toolCallId]: _done, ...rest }) => rest);
      void chat.addToolResult({ tool: toolNameOf(part) as never, toolCallId: part.toolCallId, output });
    } catch (err) {
      setApprovalErrors((e) => ({
        ...e,
        [part.toolCallId]: isApiError(err) ? err.message : "The decision could not be sent. Try again.",
      }));
    } finally {
      setDeciding(null);
    }
  }

  async function runDirect(args: Record<string, unknown>) {
    if (!selectedTool) return;
    setRunError(null);
    polled.reset();
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
    <AppHostProvider value={composer.appHost}>
      <div className="flex min-h-0 min-w-0 flex-1 flex-col">
        <div className="flex min-h-12 flex-wrap items-center gap-2 border-b border-border px-3 py-2 sm:px-4">
          {toolbar}
          <p className="min-w-0 grow text-sm text-muted" data-testid="model-line">
            {status.isPending
              ? "Checking the model…"
              : modelReady
                ? `Model: ${status.data?.model}`
                : "No model is configured: choose a tool in Apps to run it directly."}
          </p>
        </div>
        <div
          className="min-h-0 flex-1 overflow-y-auto"
          role="log"
          aria-label="Messages"
          aria-live="polite"
          tabIndex={0}
        >
          <div className="mx-auto flex w-full max-w-3xl flex-col gap-4 px-3 py-4 sm:px-4">
            <FailingBanner />
            {chat.messages.length === 0 && (
              <EmptyState
                title={
                  modelReady
                    ? "Ask anything. Pick a tool in Apps to make the agent use it."
                    : "No model is configured, so the agent cannot answer yet."
                }
              >
                {!modelReady &&
                  "An administrator can set OPENAI_BASE_URL (and OPENAI_API_KEY, AGENT_MODEL) for OpenAI, Ollama, vLLM or LM Studio. Meanwhile, pick a tool in Apps and run it from its form."}
              </EmptyState>
            )}
            {chat.messages.map((m, i) => (
              <MessageItem
                key={m.id}
                message={m}
                live={busy && i === chat.messages.length - 1}
                tools={tools.data}
                deciding={deciding}
                progress={polled.progress}
                approvalErrors={approvalErrors}
                onDecide={(part, decision) => void decide(part, decision)}
              />
            ))}
            {decideApproval.isPending && <PolledQuestions call={polled} />}
            {chat.status === "submitted" && (
              <p className="flex items-center gap-2 text-sm text-muted">
                <Spinner /> Thinking…
              </p>
            )}
            {chat.error && (
              <Callout tone="danger" role="alert" className="flex flex-wrap items-center gap-2">
                <span className="min-w-0 grow">{errorText(chat.error)}</span>
                <Button size="sm" onClick={retry}>
                  Retry
                </Button>
              </Callout>
            )}
            <div ref={logEnd} />
          </div>
        </div>
        <div className="border-t border-border bg-surface">
          <div className="mx-auto flex w-full max-w-3xl flex-col gap-2 px-3 py-3 sm:px-4">
            {!modelReady && selectedTool && (
              <Card className="flex flex-col gap-2" data-testid="direct-run">
                <div className="flex items-start gap-2">
                  <p className="min-w-0 grow font-semibold break-words">Run {selectedTool.label}</p>
                  <Button size="sm" onClick={() => setSelected(null)}>
                    Close
                  </Button>
                </div>
                <p className="text-sm text-muted">{selectedTool.description}</p>
                <SchemaForm
                  key={selectedTool.name}
                  schema={selectedTool.inputSchema}
                  pending={runTool.isPending}
                  submitLabel="Run tool"
                  onSubmit={(args) => void runDirect(args)}
                />
                {runTool.isPending && polled.latest && <ProgressLine progress={polled.latest} />}
                {runTool.isPending && <PolledQuestions call={polled} />}
                {runError && (
                  <Callout tone="danger" role="alert">
                    {runError}
                  </Callout>
                )}
              </Card>
            )}
            {selected && (
              <span
                className="inline-flex max-w-full items-center gap-1 self-start rounded-full bg-accent-soft py-0.5 pr-1 pl-3 text-sm text-accent-text"
                data-testid="selected-tool"
              >
                <span className="min-w-0 truncate">Tool: {selectionLabel(selected, tools.data)}</span>
                <button
                  type="button"
                  aria-label="Clear the selected tool"
                  onClick={() => setSelected(null)}
                  className="rounded-full p-1 hover:bg-surface"
                >
                  <X aria-hidden="true" className="size-3.5" />
                </button>
              </span>
            )}
            <ComposerAddons state={composer} input={input} />
            {composer.slash.menu}
            <div className="flex items-end gap-2">
              {/* Outside the message form: the Apps menu holds forms of its own. */}
              <AppsMenu selected={selected} onSelect={setSelected} />
              <AttachMenu count={composer.attachments.length} onAttach={composer.addAttachments} />
              <form className="flex min-w-0 grow items-end gap-2" onSubmit={send} aria-label="Send a message">
                <Textarea
                  className="min-h-11"
                  rows={2}
                  value={input}
                  onChange={(e) => setInput(e.target.value)}
                  onKeyDown={onKeyDown}
                  ref={messageBox}
                  {...composer.slash.inputProps}
                  placeholder={
                    modelReady ? "Message the agent (/ for prompts, Shift+Enter: new line)" : "No model configured"
                  }
                  aria-label="Message"
                  disabled={!modelReady}
                />
                {busy || runTool.isPending || decideApproval.isPending ? (
                  <Button
                    onClick={() => {
                      // The turn, an approved call or a direct run may run on another
                      // instance than the one this request reaches: the Stop is relayed.
                      stopTurn.mutate({ conversationId: chatId });
                      if (busy) void chat.stop();
                    }}
                  >
                    Stop
                  </Button>
                ) : (
                  <Button type="submit" variant="primary" disabled={!modelReady || !input.trim()}>
                    Send
                  </Button>
                )}
              </form>
            </div>
          </div>
        </div>
      </div>
    </AppHostProvider>
  );
}
