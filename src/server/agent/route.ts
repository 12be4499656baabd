import { handleChat } from "@/server/agent/chat";
import { withSignedInUser } from "@/server/auth/request";
import { errorJson } from "@/server/platform/http-errors";

/** POST /api/agent/chat: the chat UI's endpoint (AI SDK UI message stream). */
export async function handleChatRoute(req: Request): Promise<Response> {
  return withSignedInUser(
    req,
    () => errorJson("UNAUTHENTICATED", "Sign in to continue."),
    async (user) => {
      let body: unknown;
      try {
        body = await req.json();
      } catch {
        return errorJson("VALIDATION", "The request body must be JSON.");
      }
      return handleChat(user.id, body, req.signal);
    },
  );
}
