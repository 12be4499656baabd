"use client";

import { useMemo, useState, type RefObject } from "react";
import type { AppHost } from "@/components/apps-frame/app-host";
import { MAX_ATTACHMENTS, type Attachment, type PromptInfo } from "@/lib/schemas/mcp";
import { AttachmentChip } from "./attachment-chip";
import { PromptPanel, useSlashMenu } from "./slash-menu";

/**
 * What goes with the next message besides its text: attached resources, a prompt being
 * filled in from the "/" menu, and a message an MCP App proposed (never sent by itself).
 */
export function useComposerAddons(
  chatId: string,
  input: string,
  setInput: (text: string) => void,
  messageBox: RefObject<HTMLTextAreaElement | null>,
) {
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [prompt, setPrompt] = useState<PromptInfo | null>(null);
  const [proposedBy, setProposedBy] = useState<string | null>(null);
  const slash = useSlashMenu(input, (p) => {
    setPrompt(p);
    setInput("");
  });
  const addAttachments = (items: Attachment[]) => setAttachments((old) => [...old, ...items].slice(0, MAX_ATTACHMENTS));
  const appHost = useMemo<AppHost>(
    () => ({
      conversationId: chatId,
      proposeMessage: (text, from) => {
        setInput(text);
        setProposedBy(from);
        messageBox.current?.focus();
      },
    }),
    [chatId, setInput, messageBox],
  );
  return {
    attachments,
    addAttachments,
    removeAttachment: (i: number) => setAttachments((old) => old.filter((_, j) => j !== i)),
    prompt,
    closePrompt: () => setPrompt(null),
    applyPrompt: (text: string, found: Attachment[]) => {
      setInput(text);
      addAttachments(found);
      setPrompt(null);
      messageBox.current?.focus();
    },
    proposedBy,
    slash,
    appHost,
    /** After sending: attachments and the proposal note went with the message. */
    clear: () => {
      setAttachments([]);
      setProposedBy(null);
    },
  };
}

export type ComposerAddonsState = ReturnType<typeof useComposerAddons>;

export function ComposerAddons({ state, input }: { state: ComposerAddonsState; input: string }) {
  return (
    <>
      {state.prompt && (
        <PromptPanel
          key={`${state.prompt.connectorId}:${state.prompt.name}`}
          prompt={state.prompt}
          onClose={state.closePrompt}
          onReady={state.applyPrompt}
        />
      )}
      {state.attachments.length > 0 && (
        <div className="flex flex-wrap gap-2" aria-label="Attached to your next message" role="group">
          {state.attachments.map((a, i) => (
            <AttachmentChip key={`${a.uri}-${i}`} attachment={a} onRemove={() => state.removeAttachment(i)} />
          ))}
        </div>
      )}
      {state.proposedBy && input && (
        <p className="text-sm text-muted" role="status">
          Message proposed by {state.proposedBy}: review it, then send.
        </p>
      )}
    </>
  );
}
