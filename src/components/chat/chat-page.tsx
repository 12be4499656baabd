"use client";

import { MessageSquarePlus, PanelLeft } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetTrigger } from "@/components/ui/sheet";
import { Spinner } from "@/components/ui/spinner";
import { useToast } from "@/components/ui/toast";
import { api } from "@/trpc/react";
import type { ChatMessage } from "./message-list";

// The chat engine (the AI SDK and its schema library) is most of this page's JavaScript:
// the page, its navigation and the conversation list come first, the chat right after.
const ChatView = dynamic(() => import("./chat-view").then((m) => m.ChatView), {
  ssr: false,
  loading: () => (
    <div className="flex flex-1 items-center justify-center gap-2 text-sm text-muted" role="status">
      <Spinner /> Loading the chat…
    </div>
  ),
});
import { ConversationList } from "./conversation-list";

function newId(): string {
  return crypto.randomUUID();
}

/** Conversations (a sidebar from 768 px, a drawer on a phone) and the open one. */
export function ChatPage() {
  const utils = api.useUtils();
  const toast = useToast();
  const conversations = api.agent.conversations.useQuery();
  const [open, setOpen] = useState<{ id: string; messages: ChatMessage[] }>(() => ({ id: newId(), messages: [] }));
  const [loadError, setLoadError] = useState<string | null>(null);
  const [drawer, setDrawer] = useState(false);
  const remove = api.agent.deleteConversation.useMutation({ onSettled: () => utils.agent.conversations.invalidate() });

  async function openConversation(id: string) {
    setLoadError(null);
    try {
      const c = await utils.agent.conversation.fetch({ id });
      setOpen({ id: c.id, messages: c.messages as ChatMessage[] });
      setDrawer(false);
    } catch {
      setLoadError("This conversation could not be opened.");
    }
  }

  const startNew = () => {
    setOpen({ id: newId(), messages: [] });
    setDrawer(false);
  };

  const list = (
    <ConversationList
      conversations={conversations.data}
      loading={conversations.isPending}
      activeId={open.id}
      onOpen={(id) => void openConversation(id)}
      onNew={startNew}
      deleting={remove.isPending}
      deleteError={remove.error?.message ?? null}
      loadError={loadError}
      onDelete={(c, done) => {
        remove.reset();
        remove.mutate(
          { id: c.id },
          {
            onSuccess: () => {
              done();
              if (c.id === open.id) setOpen({ id: newId(), messages: [] });
              toast({ title: "Conversation deleted" });
            },
          },
        );
      }}
    />
  );

  return (
    <div className="flex min-h-0 flex-1">
      <aside
        aria-label="Conversations"
        className="hidden w-64 shrink-0 overflow-y-auto border-r border-border bg-surface md:block"
      >
        {list}
      </aside>
      <ChatView
        key={open.id}
        chatId={open.id}
        initialMessages={open.messages}
        onActivity={() => void utils.agent.conversations.invalidate()}
        toolbar={
          <div className="flex gap-2 md:hidden">
            <Sheet open={drawer} onOpenChange={setDrawer}>
              <SheetTrigger asChild>
                <Button size="sm">
                  <PanelLeft aria-hidden="true" className="size-4" />
                  Conversations
                </Button>
              </SheetTrigger>
              <SheetContent title="Conversations">{list}</SheetContent>
            </Sheet>
            <Button size="sm" onClick={startNew} aria-label="New chat">
              <MessageSquarePlus aria-hidden="true" className="size-4" />
            </Button>
          </div>
        }
      />
    </div>
  );
}
