import { ChatPage } from "@/components/chat/chat-page";

export const dynamic = "force-dynamic";

export default function SchemaAgentPage() {
  // The chat fills the screen below the header: its log scrolls, the composer stays put.
  return (
    <main id="main" className="flex h-[calc(100dvh-3.5rem-1px)] min-h-0 flex-col">
      <ChatPage />
    </main>
  );
}
