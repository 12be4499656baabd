"use client";

import type { UIMessage } from "ai";
import dynamic from "next/dynamic";
import { Callout } from "@/components/ui/callout";
import type {
  AvailableTool,
  ChatMessageMetadata,
  ChatNotice,
  ToolCallOutcome,
  ToolProgress,
  ToolStatus,
} from "@/lib/schemas/agent";
import type { ElicitationView } from "@/lib/schemas/elicitation";
import { Attachment } from "@/lib/schemas/mcp";
import { selectionKey, type ToolSelection } from "@/lib/tool-selection";
import type { ApprovalDecision } from "@/lib/schemas/tool-policy";
import { ApprovalCard } from "./approval-card";
import { AttachmentChip } from "./attachment-chip";
import { ElicitationCard } from "./elicitation-form";
import { ToolCard, type ToolPart } from "./tool-card";

// The Markdown parser is the chat's largest dependency: it loads after the page.
const Markdown = dynamic(() => import("@/components/ui/markdown").then((m) => m.Markdown), {
  ssr: false,
  loading: () => <p className="text-sm text-muted">…</p>,
});

export type ChatMessage = UIMessage<
  ChatMessageMetadata,
  {
    notice: ChatNotice;
    toolStatus: ToolStatus;
    progress: ToolProgress;
    elicitation: ElicitationView;
    attachment: Attachment;
  }
>;

function noticeText(n: ChatNotice): string {
  return n.code === "CONNECTOR_FAILING"
    ? `${n.name} is unavailable: ${n.message}`
    : `${n.name} is unavailable (${n.code}): ${n.message} Its tools were left out of this answer.`;
}

export function selectionLabel(s: ToolSelection, tools: AvailableTool[] | undefined): string {
  return tools?.find((t) => selectionKey(t.selection) === selectionKey(s))?.label ?? s.toolName;
}

/** One message: the user's words as typed, the agent's as Markdown, tool calls as cards. */
export function MessageItem({
  message: m,
  tools,
  deciding,
  progress: polledProgress,
  approvalErrors,
  onDecide,
  live = false,
}: {
  message: ChatMessage;
  /** The answer is still streaming into this message; otherwise its unfinished calls were stopped. */
  live?: boolean;
  tools: AvailableTool[] | undefined;
  /** The call whose decision is on its way. */
  deciding: string | null;
  /** The latest progress of calls running without the stream (an approved call), by call id. */
  progress?: Map<string, ToolProgress>;
  approvalErrors?: Record<string, string>;
  onDecide: (part: ToolPart, decision: ApprovalDecision) => void;
}) {
  const user = m.role === "user";
  const progress = new Map<string, ToolProgress>();
  for (const p of m.parts) if (p.type === "data-progress") progress.set(p.data.toolCallId, p.data);
  const notes = new Map<string, string>();
  for (const p of m.parts) if (p.type === "data-toolStatus") notes.set(p.data.toolCallId, p.data.message);
  return (
    <div
      className={user ? "ml-auto flex max-w-[85%] flex-col items-end gap-1" : "flex min-w-0 flex-col gap-2"}
      data-testid={`msg-${m.role}`}
    >
      {user && m.metadata?.selectedTool && (
        <span className="rounded-full bg-accent-soft px-2 py-0.5 text-xs text-accent-text">
          Tool: {selectionLabel(m.metadata.selectedTool, tools)}
        </span>
      )}
      {m.parts.map((p, i) => {
        if (p.type === "text")
          return user ? (
            <div key={i} className="rounded-2xl rounded-br-md bg-accent-soft px-3 py-2 whitespace-pre-wrap break-words">
              {p.text}
            </div>
          ) : (
            <Markdown key={i}>{p.text}</Markdown>
          );
        if (p.type === "data-attachment") {
          const a = Attachment.safeParse(p.data);
          return a.success ? <AttachmentChip key={i} attachment={a.data} /> : null;
        }
        if (p.type === "data-notice") {
          const n = p.data;
          return (
            <Callout key={i} tone="warn" role="status">
              {noticeText(n)}
            </Callout>
          );
        }
        if (p.type === "data-elicitation")
          return (
            <ElicitationCard
              key={p.data.id}
              // Once the answer ended (Stop), a question still open in it went with its call.
              view={!live && p.data.status === "pending" ? { ...p.data, status: "cancelled" } : p.data}
            />
          );
        if (p.type === "dynamic-tool" || p.type.startsWith("tool-")) {
          const part = p as unknown as ToolPart;
          if (part.state === "output-available" && (part.output as ToolCallOutcome)?.approval?.status === "pending")
            return (
              <ApprovalCard
                key={i}
                part={part}
                pending={deciding === part.toolCallId}
                progress={deciding === part.toolCallId ? polledProgress?.get(part.toolCallId) : undefined}
                error={approvalErrors?.[part.toolCallId]}
                onDecide={(decision) => onDecide(part, decision)}
              />
            );
          return (
            <ToolCard
              key={i}
              part={part}
              tools={tools}
              progress={progress.get(part.toolCallId)}
              note={notes.get(part.toolCallId)}
              stopped={!live && part.state !== "output-available" && part.state !== "output-error"}
            />
          );
        }
        return null;
      })}
      {!user && m.metadata?.error && (
        <Callout tone="danger" role="alert" data-testid="turn-error">
          This answer stopped with an error: {m.metadata.error}
        </Callout>
      )}
    </div>
  );
}
