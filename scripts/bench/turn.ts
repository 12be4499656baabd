// The agent turn: chat first byte with 10 connectors of which 2 hang against the same with
// none hanging, and toolset assembly for 10 connectors of 20 tools. The servers and the
// fake model run in a child process; the two users' messages are interleaved.
import { spawn } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { resetEnvForTests } from "@/env";
import { handleChat } from "@/server/agent/chat";
import { loadUserTools } from "@/server/agent/toolset";
import { signUp } from "@/server/auth/accounts";
import { mcpPool } from "@/server/connectors/pool";
import { openPglite, useDatabase } from "@/server/db/client";
import { insertConnectorWithinLimit } from "@/server/db/connectors";
import { makeTools } from "../../tests/support/mcp-servers";
import { ITERATIONS, median, print, target, time, WARMUP } from "./util";

type Children = { urls: string[]; hanging: string[]; model: string };

async function startChildren(): Promise<{ info: Children; stop(): void }> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/bench-servers.ts", "10", "2"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const info = await new Promise<Children>((resolve, reject) => {
    child.stdout.once("data", (d: Buffer) => resolve(JSON.parse(d.toString()) as Children));
    child.once("exit", (code) => reject(new Error(`bench servers exited with ${code}`)));
  });
  return { info, stop: () => child.kill("SIGTERM") };
}

/** A user with ten connectors whose stored snapshots hold 20 tools each, at the given URLs. */
async function userWith(email: string, urls: string[]): Promise<string> {
  const user = await signUp({ email, password: "a long enough password" });
  for (const [i, url] of urls.entries()) {
    const r = await insertConnectorWithinLimit(
      {
        id: `${email.split("@")[0]}-${i}`,
        userId: user.id,
        name: `Server ${i}`,
        url,
        transport: "streamable-http",
        authType: "none",
        authMeta: {},
        encryptedCredentials: null,
        keyVersion: null,
        lastTestOk: true,
        lastTestCode: null,
        lastTestAt: new Date(),
        serverName: "bench",
        serverVersion: "1",
        toolsSnapshot: makeTools(20, `s${i}`),
        toolCount: 20,
      },
      10,
    );
    if (!r.ok) throw new Error("could not create the bench connectors");
  }
  return user.id;
}

let conversation = 0;

/** Milliseconds to the response's first byte and to the model's first text, then reads it to the end. */
async function firstByte(userId: string): Promise<{ byte: number; token: number }> {
  conversation += 1;
  const started = performance.now();
  const res = await handleChat(userId, {
    id: `bench-${conversation}`,
    messages: [{ id: `m${conversation}`, role: "user", parts: [{ type: "text", text: "hello" }] }],
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let byte = 0;
  let token = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    byte ||= performance.now() - started;
    if (!token && decoder.decode(value, { stream: true }).includes('"text-delta"')) token = performance.now() - started;
  }
  return { byte, token };
}

export async function runTurnBench(): Promise<void> {
  const db = openPglite();
  await db.migrate();
  useDatabase(db);
  const children = await startChildren();
  try {
    const { urls, hanging, model } = children.info;
    Object.assign(process.env, { OPENAI_BASE_URL: model, OPENAI_API_KEY: "sk-bench", AGENT_MODEL: "bench-model" });
    resetEnvForTests();
    const calm = await userWith("calm@example.com", urls);
    const stormy = await userWith("stormy@example.com", [...urls.slice(0, 8), ...hanging]);

    // (a) Interleaved, in alternating order, after a warm-up of both.
    const runs = {
      calm: [] as number[],
      stormy: [] as number[],
      calmToken: [] as number[],
      stormyToken: [] as number[],
    };
    for (let i = 0; i < WARMUP; i++) await Promise.all([firstByte(calm), firstByte(stormy)]);
    for (let i = 0; i < ITERATIONS; i++) {
      const order = i % 2 ? [calm, stormy] : [stormy, calm];
      for (const id of order) {
        const r = await firstByte(id);
        (id === calm ? runs.calm : runs.stormy).push(r.byte);
        (id === calm ? runs.calmToken : runs.stormyToken).push(r.token);
      }
    }
    const extra = median(runs.stormy) - median(runs.calm);
    print([
      `chat first byte, 10 connectors x 20 tools (${ITERATIONS} interleaved runs each, model and servers in a child process)`,
      `  none hang:   first byte median ${median(runs.calm).toFixed(2)} ms, first text ${median(runs.calmToken).toFixed(2)} ms`,
      `  2 of 10 hang: first byte median ${median(runs.stormy).toFixed(2)} ms, first text ${median(runs.stormyToken).toFixed(2)} ms`,
      `  difference: ${extra >= 0 ? "+" : ""}${extra.toFixed(2)} ms`,
      target("at most +50 ms with 2 hanging connectors", extra <= 50),
    ]);

    // (b) The toolset of one message: one read of the database, no connection.
    const assembly = await time(async () => {
      const loaded = await loadUserTools(calm);
      if (loaded.tools.size < 200) throw new Error(`expected 200 connector tools, got ${loaded.tools.size}`);
    });
    print([
      `toolset assembly (10 connectors x 20 tools from their stored snapshots, plus system tools)`,
      `  median ${median(assembly).toFixed(2)} ms, fastest ${Math.min(...assembly).toFixed(2)} ms over ${ITERATIONS} runs`,
      `  (machine: ${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)}: the database read dominates and slows with it)`,
      target("median at most 2 ms", median(assembly) <= 2),
    ]);
  } finally {
    await mcpPool().closeAll();
    children.stop();
    await db.close();
  }
}
