"use client";

import { useState } from "react";
import { api } from "@/trpc/react";
import { ChatView, type ChatMessage } from "./chat-view";

function newId(): string {
  return crypto.randomUUID();
}

/** Conversations in a sidebar and the open one. */
export function ChatPage() {
  const utils = api.useUtils();
  const conversations = api.agent.conversations.useQuery();
  const [open, setOpen] = useState<{ id: string; messages: ChatMessage[] }>(() => ({ id: newId(), messages: [] }));
  const [loadError, setLoadError] = useState<string | null>(null);
  const remove = api.agent.deleteConversation.useMutation({ onSettled: () => utils.agent.conversations.invalidate() });

  async function openConversation(id: string) {
    setLoadError(null);
    try {
      const c = await utils.agent.conversation.fetch({ id });
      setOpen({ id: c.id, messages: c.messages as ChatMessage[] });
    } catch {
      setLoadError("This conversation could not be opened.");
    }
  }

  return (
    <div className="chat-layout">
      <aside className="sidebar stack" aria-label="Conversations">
        <button type="button" className="primary" onClick={() => setOpen({ id: newId(), messages: [] })}>
          New chat
        </button>
        {conversations.isPending && <p className="muted small">Loading…</p>}
        {conversations.data?.length === 0 && <p className="muted small">No conversations yet.</p>}
        {loadError && <p className="field-error">{loadError}</p>}
        <ul className="conversation-list">
          {conversations.data?.map((c) => (
            <li key={c.id} className={c.id === open.id ? "active" : undefined}>
              <button type="button" className="conversation" onClick={() => void openConversation(c.id)}>
                {c.title}
              </button>
              <button
                type="button"
                className="danger small"
                aria-label={`Delete conversation ${c.title}`}
                onClick={() =>
                  remove.mutate(
                    { id: c.id },
                    { onSuccess: () => c.id === open.id && setOpen({ id: newId(), messages: [] }) },
                  )
                }
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <ChatView
        key={open.id}
        chatId={open.id}
        initialMessages={open.messages}
        onActivity={() => void utils.agent.conversations.invalidate()}
      />
    </div>
  );
}
