// A local OpenAI-compatible Chat Completions server for the tests. It streams scripted
// text and tool calls the way the real API does and records every request it was sent,
// so tests can assert the tools offered, their schemas and tool_choice.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { sampleShopReply } from "./fake-openai-databases";

export type ChatRequestBody = {
  model: string;
  messages: {
    role: string;
    content?: unknown;
    tool_calls?: { id: string; function: { name: string; arguments: string } }[];
    tool_call_id?: string;
  }[];
  tools?: {
    type: "function";
    function: { name: string; description?: string; parameters?: Record<string, unknown> };
  }[];
  tool_choice?: unknown;
  stream?: boolean;
};

export type Reply =
  | { text: string }
  | { toolCalls: { name: string; args: Record<string, unknown> }[] }
  | { status: number; body?: string };

export type FakeModel = {
  url: string;
  requests: ChatRequestBody[];
  /** Decides each reply; the default behaves like a cooperative model (see `defaultReply`). */
  reply: (req: ChatRequestBody) => Reply;
  close(): Promise<void>;
};

function sampleArgs(schema: Record<string, unknown> | undefined): Record<string, unknown> {
  const props = (schema?.properties ?? {}) as Record<string, { type?: string; enum?: unknown[]; default?: unknown }>;
  const required = (schema?.required ?? Object.keys(props)) as string[];
  const out: Record<string, unknown> = {};
  for (const key of required) {
    const p = props[key] ?? {};
    // A cooperative model keeps the schema's defaults.
    out[key] =
      p.default ??
      p.enum?.[0] ??
      (p.type === "number" || p.type === "integer" ? 1 : p.type === "boolean" ? true : "hello");
  }
  return out;
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((c: { text?: string }) => c.text ?? "").join("");
  return "";
}

/**
 * Calls the tool tool_choice names (with arguments made from its schema); after a tool
 * result, answers with that result; otherwise greets.
 */
export function defaultReply(req: ChatRequestBody): Reply {
  const scripted = sampleShopReply(req);
  if (scripted) return scripted;
  const last = req.messages.at(-1);
  if (last?.role === "tool") return { text: `Result: ${contentText(last.content)}` };
  // A message asking for Markdown gets a list and a link: the chat must render both.
  if (last?.role === "user" && contentText(last.content).includes("[markdown]"))
    return { text: "Here you go:\n\n- **first** item\n- second item\n\nMore at [the docs](https://example.com/docs)." };
  const choice = req.tool_choice as { type?: string; function?: { name: string } } | undefined;
  if (choice?.type === "function" && choice.function) {
    const def = req.tools?.find((t) => t.function.name === choice.function!.name);
    return { toolCalls: [{ name: choice.function.name, args: sampleArgs(def?.function.parameters) }] };
  }
  return { text: "Hello from the fake model." };
}

function chunk(res: ServerResponse, model: string, delta: Record<string, unknown>, finish: string | null = null) {
  const body = {
    id: "chatcmpl-fake",
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
  res.write(`data: ${JSON.stringify(body)}\n\n`);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

export async function startFakeModel(opts: { port?: number } = {}): Promise<FakeModel> {
  const state: FakeModel = { url: "", requests: [], reply: defaultReply, close: () => Promise.resolve() };
  let calls = 0;
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
        res
          .writeHead(404, { "content-type": "application/json" })
          .end(JSON.stringify({ error: { message: "not found" } }));
        return;
      }
      const body = JSON.parse(await readBody(req)) as ChatRequestBody;
      state.requests.push(body);
      const reply = state.reply(body);
      if ("status" in reply) {
        res
          .writeHead(reply.status, { "content-type": "application/json" })
          .end(reply.body ?? JSON.stringify({ error: { message: "scripted failure", type: "server_error" } }));
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      chunk(res, body.model, { role: "assistant", content: "" });
      if ("text" in reply) {
        for (const piece of reply.text.match(/.{1,12}/gs) ?? []) chunk(res, body.model, { content: piece });
        chunk(res, body.model, {}, "stop");
      } else {
        reply.toolCalls.forEach((call, index) => {
          calls += 1;
          chunk(res, body.model, {
            tool_calls: [
              { index, id: `call_${calls}`, type: "function", function: { name: call.name, arguments: "" } },
            ],
          });
          chunk(res, body.model, { tool_calls: [{ index, function: { arguments: JSON.stringify(call.args) } }] });
        });
        chunk(res, body.model, {}, "tool_calls");
      }
      res.write(
        `data: ${JSON.stringify({ id: "chatcmpl-fake", object: "chat.completion.chunk", created: 0, model: body.model, choices: [], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } })}\n\n`,
      );
      res.end("data: [DONE]\n\n");
    })();
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, "127.0.0.1", r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  state.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return state;
}
