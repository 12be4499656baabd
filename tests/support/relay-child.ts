// One app instance for the relay test: its own process, MCP pool and LISTEN connection on
// the shared PostgreSQL. It runs a connector's tool the way the direct-run view does, or
// runs one that only a Stop ends (also as the no-model direct run does, agent.runTool); or it
// answers as the user's browser would, reaching this instance rather than the one holding the call.
import readline from "node:readline";
import { runToolDirectly } from "@/server/agent/direct";
import { answerElicitation, openQuestions } from "@/server/agent/elicitation";
import { executeTool } from "@/server/agent/execute";
import { requestStop, watchStop } from "@/server/agent/stop";
import { loadUserTools } from "@/server/agent/toolset";
import { mcpPool } from "@/server/connectors/pool";
import { openPostgres, useDatabase } from "@/server/db/client";
import { ensureConversation } from "@/server/db/conversations";

const db = openPostgres(process.env.DATABASE_URL!);
useDatabase(db);

type Command =
  | { id: number; op: "run"; userId: string; conversationId: string; tool: string; stoppable?: boolean }
  | { id: number; op: "answer"; userId: string; conversationId: string; content: Record<string, unknown> }
  | { id: number; op: "stop"; userId: string; conversationId: string }
  | { id: number; op: "direct"; userId: string; conversationId: string; tool: string };

async function run(c: Command): Promise<unknown> {
  if (c.op === "run") {
    const loaded = await loadUserTools(c.userId);
    const tool = [...loaded.tools.values()].find((t) => t.originalName === c.tool);
    if (!tool) return `no tool ${c.tool}`;
    await ensureConversation(c.userId, c.conversationId, "Relay");
    const stop = c.stoppable ? watchStop(c.userId, c.conversationId) : null;
    try {
      const outcome = await executeTool(
        c.userId,
        tool,
        {},
        {
          conversationId: c.conversationId,
          ...(stop ? { signal: stop.signal } : {}),
        },
      );
      return { ok: outcome.ok, errorCode: outcome.errorCode ?? null, text: outcome.text };
    } finally {
      stop?.dispose();
    }
  }
  if (c.op === "stop") return requestStop(c.userId, c.conversationId);
  if (c.op === "direct") {
    const loaded = await loadUserTools(c.userId);
    const source = [...loaded.tools.values()].find((t) => t.originalName === c.tool)?.source;
    if (source?.kind !== "connector") return `no tool ${c.tool}`;
    const { outcome } = await runToolDirectly(c.userId, {
      conversationId: c.conversationId,
      selection: { kind: "connector", connectorId: source.connectorId, toolName: c.tool },
      args: {},
    });
    return { ok: outcome.ok, errorCode: outcome.errorCode ?? null, text: outcome.text };
  }
  for (let i = 0; i < 200; i++) {
    const [q] = await openQuestions(c.userId, c.conversationId);
    if (q) return answerElicitation(c.userId, { id: q.id, action: "accept", content: c.content });
    await new Promise((r) => setTimeout(r, 50));
  }
  return "no question";
}

for await (const line of readline.createInterface({ input: process.stdin })) {
  const c = JSON.parse(line) as Command;
  void run(c).then(
    (result) => process.stdout.write(`${JSON.stringify({ id: c.id, result })}\n`),
    (err: unknown) =>
      process.stdout.write(`${JSON.stringify({ id: c.id, result: `error: ${(err as Error).message}` })}\n`),
  );
}
await mcpPool().closeAll();
await db.close();
