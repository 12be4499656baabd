import { ChatPage } from "@/components/chat/chat-page";

export const dynamic = "force-dynamic";

export default function SchemaAgentPage() {
  return (
    <main className="chat-main">
      <ChatPage />
    </main>
  );
}
