// An MCP server (Streamable HTTP, no sessions, JSON answers) that says exactly what a test
// scripts, including what the SDK's own server would refuse to send: results of the wrong
// shape, errors with long messages, answers that never come. Written by hand for that reason.
import { listen, readJson, type TestServer } from "./mcp-servers";

type Request = { id?: string | number; method?: string; params?: Record<string, unknown> };

/**
 * What a method answers: a result, `{ error }` for a JSON-RPC error, `"hang"` for nothing at
 * all, or `"drop"` to cut the connection without an answer.
 */
export type ScriptedAnswer = { error: { code: number; message: string } } | "hang" | "drop" | Record<string, unknown>;

export type ScriptedServer = TestServer & {
  /** Every request received (method and params), in order. */
  calls: { method: string; params?: Record<string, unknown> }[];
};

export async function startScriptedServer(
  capabilities: Record<string, unknown>,
  script: Record<string, (params: Record<string, unknown>) => ScriptedAnswer>,
): Promise<ScriptedServer> {
  const calls: ScriptedServer["calls"] = [];
  const server = await listen((req, res) => {
    if (req.method !== "POST") return void res.writeHead(405, { allow: "POST" }).end();
    void readJson(req).then((body) => {
      const m = body as Request;
      if (m.id === undefined || !m.method) return void res.writeHead(202).end();
      calls.push({ method: m.method, ...(m.params ? { params: m.params } : {}) });
      const answer: ScriptedAnswer =
        m.method === "initialize"
          ? {
              protocolVersion: "2025-06-18",
              capabilities,
              serverInfo: { name: "scripted", version: "1.0.0" },
            }
          : m.method === "ping"
            ? {}
            : (script[m.method]?.(m.params ?? {}) ?? { error: { code: -32601, message: "Method not found" } });
      if (answer === "hang") return;
      if (answer === "drop") return void req.socket.destroy();
      const frame =
        "error" in answer
          ? { jsonrpc: "2.0", id: m.id, error: answer.error }
          : { jsonrpc: "2.0", id: m.id, result: answer };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(frame));
    });
  });
  return Object.assign(server, { calls });
}
