import { env } from "@/env";
import { AppError } from "@/lib/errors";
import { handleChat } from "@/server/agent/chat";
import { limitChatTurns } from "@/server/auth/rate-limit";
import { withSignedInUser } from "@/server/auth/request";
import { errorJson } from "@/server/platform/http-errors";
import { isDraining, trackStream } from "@/server/platform/lifecycle";

function tooLarge(max: number): Response {
  const size =
    max >= 1024 * 1024 ? `${Math.round((max / 1024 / 1024) * 10) / 10} MiB` : `${Math.round(max / 1024)} KiB`;
  return Response.json(
    { error: { code: "VALIDATION", message: `The message is too large: at most ${size} per request.` } },
    { status: 413 },
  );
}

/** The body as text, or undefined once it passes `max` bytes (read no further). */
async function readCapped(req: Request, max: number): Promise<string | undefined> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > max) return undefined;
  if (!req.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** POST /api/agent/chat: the chat UI's endpoint (AI SDK UI message stream). */
export async function handleChatRoute(req: Request): Promise<Response> {
  return withSignedInUser(
    req,
    () => errorJson("UNAUTHENTICATED", "Sign in to continue."),
    async (user) => {
      const max = env().CHAT_MAX_BODY_BYTES;
      const text = await readCapped(req, max);
      if (text === undefined) return tooLarge(max);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return errorJson("VALIDATION", "The request body must be JSON.");
      }
      const maxMessages = env().CONVERSATION_MAX_MESSAGES;
      const messages = (body as { messages?: unknown } | null)?.messages;
      if (Array.isArray(messages) && messages.length > maxMessages)
        return errorJson(
          "VALIDATION",
          `This conversation has reached ${maxMessages} messages. Start a new conversation to continue.`,
        );
      try {
        await limitChatTurns(user.id);
      } catch (err) {
        if (err instanceof AppError) return errorJson(err.code, err.message);
        throw err;
      }
      if (isDraining())
        return Response.json(
          { error: { code: "INTERNAL", message: "The server is restarting. Send your message again in a moment." } },
          { status: 503, headers: { "retry-after": "5" } },
        );
      // Stopped by the client going away, or by the server's shutdown once its drain time is up.
      const stop = new AbortController();
      return trackStream(stop, await handleChat(user.id, body, AbortSignal.any([req.signal, stop.signal])));
    },
  );
}
