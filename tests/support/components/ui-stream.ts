// The chat route's answer as the AI SDK sends it: a UI message stream of server-sent events,
// one JSON chunk per `data:` line (see tests/support/ui-stream.ts for the reading side).
export type UiChunk = { type: string } & Record<string, unknown>;

const HEADERS = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache",
  "x-vercel-ai-ui-message-stream": "v1",
};
const encoder = new TextEncoder();
const line = (chunk: UiChunk | "[DONE]") =>
  encoder.encode(`data: ${chunk === "[DONE]" ? chunk : JSON.stringify(chunk)}\n\n`);

/** A complete answer. */
export function uiStreamResponse(chunks: UiChunk[]): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(line(c));
      controller.enqueue(line("[DONE]"));
      controller.close();
    },
  });
  return new Response(body, { headers: HEADERS });
}

/** An answer the test sends chunk by chunk. */
export function controlledUiStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  return {
    response: () => new Response(body, { headers: HEADERS }),
    push: (...chunks: UiChunk[]) => chunks.forEach((c) => controller.enqueue(line(c))),
    end: () => {
      controller.enqueue(line("[DONE]"));
      controller.close();
    },
  };
}

/** The chunks of an assistant message that only says `text`. */
export function textAnswer(text: string, id = "t1"): UiChunk[] {
  return [
    { type: "start" },
    { type: "start-step" },
    { type: "text-start", id },
    { type: "text-delta", id, delta: text },
    { type: "text-end", id },
    { type: "finish-step" },
    { type: "finish" },
  ];
}
