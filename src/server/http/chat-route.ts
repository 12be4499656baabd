import { handleChat } from "@/server/agent/chat";
import { currentUser } from "@/server/auth/session";
import { prepareDatabase } from "@/server/db/client";
import { newRequestId, withRequestContext } from "@/server/log";

/** POST /api/agent/chat: the chat UI's endpoint (AI SDK UI message stream). */
export async function handleChatRoute(req: Request): Promise<Response> {
  await prepareDatabase();
  const user = await currentUser();
  if (!user)
    return Response.json({ error: { code: "UNAUTHENTICATED", message: "Sign in to continue." } }, { status: 401 });
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    return Response.json({ error: { code: "VALIDATION", message: "The request body must be JSON." } }, { status: 400 });
  }
  return withRequestContext({ requestId: newRequestId(), userId: user.id }, () =>
    handleChat(user.id, body, req.signal),
  );
}
