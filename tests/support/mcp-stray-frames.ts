// A working MCP server (Streamable HTTP, no sessions) whose every answer stream also
// carries frames a client must survive: a line that is not JSON, and a response to a
// request id nobody sent. Written by hand, because the SDK's server never does this.
import { listen, makeTools, readJson, type TestServer } from "./mcp-servers";

type Message = { id?: string | number; method?: string; params?: { name?: string; arguments?: unknown } };

function answer(m: Message): unknown {
  switch (m.method) {
    case "initialize":
      return {
        protocolVersion: "2025-06-18",
        capabilities: { tools: {} },
        serverInfo: { name: "stray-frames", version: "1.0.0" },
      };
    case "tools/list":
      return { tools: makeTools(2) };
    case "tools/call":
      return { content: [{ type: "text", text: `${m.params?.name}: ${JSON.stringify(m.params?.arguments ?? {})}` }] };
    default:
      return {};
  }
}

export async function startStrayFrameServer(): Promise<TestServer> {
  return listen((req, res) => {
    if (req.method !== "POST") return void res.writeHead(405, { allow: "POST" }).end();
    void readJson(req).then((body) => {
      const m = body as Message;
      if (m.id === undefined) return void res.writeHead(202).end();
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("event: message\ndata: this is not JSON-RPC\n\n");
      res.write(`event: message\ndata: ${JSON.stringify({ jsonrpc: "2.0", id: "nobody-asked", result: {} })}\n\n`);
      res.end(`event: message\ndata: ${JSON.stringify({ jsonrpc: "2.0", id: m.id, result: answer(m) })}\n\n`);
    });
  });
}
