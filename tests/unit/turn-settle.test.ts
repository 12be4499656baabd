// A stopped turn's stream waits for its aborted calls to unwind, but never long: what the
// settler follows and how long it waits.
import { describe, expect, it } from "vitest";
import { turnSettler } from "@/server/agent/turn-settle";
import type { ElicitationView } from "@/lib/schemas/elicitation";

const question = (status: ElicitationView["status"]): ElicitationView => ({
  id: "el_1",
  connectorName: "Docs",
  message: "Which file?",
  mode: "form",
  fields: [],
  expiresAt: "2030-01-01T00:00:00.000Z",
  status,
});
const options = { toolCallId: "c1", messages: [] };

describe("turnSettler", () => {
  it("waits for a running call to end, whether it succeeds or fails", async () => {
    const settle = turnSettler();
    let finish: (v: string) => void = () => undefined;
    let fail: (e: Error) => void = () => undefined;
    const tools = settle.follow({
      ok: { inputSchema: {} as never, execute: () => new Promise<string>((r) => (finish = r)) },
      bad: { inputSchema: {} as never, execute: () => new Promise<string>((_r, j) => (fail = j)) },
    });
    const a = tools.ok!.execute!({}, options) as Promise<string>;
    const b = (tools.bad!.execute!({}, options) as Promise<string>).catch((e: Error) => e.message);
    let settled = false;
    const waiting = settle.settled(5_000).then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 60));
    expect(settled).toBe(false);
    finish("done");
    fail(new Error("aborted"));
    expect([await a, await b]).toEqual(["done", "aborted"]);
    await waiting;
    expect(settled).toBe(true);
  });

  it("leaves tools without an execution, and executions that return at once, as they are", async () => {
    const settle = turnSettler();
    const plain = { inputSchema: {} as never };
    const tools = settle.follow({
      client: plain,
      now: { inputSchema: {} as never, execute: () => "at once" },
    });
    expect(tools.client).toBe(plain);
    expect(tools.now!.execute!({}, options)).toBe("at once");
    const started = Date.now();
    await settle.settled(5_000);
    expect(Date.now() - started).toBeLessThan(100);
  });

  it("waits while a question it showed is open, and no longer than its bound", async () => {
    const settle = turnSettler();
    settle.question(question("pending"));
    setTimeout(() => settle.question(question("cancelled")), 60);
    const started = Date.now();
    await settle.settled(5_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    expect(Date.now() - started).toBeLessThan(1_000);

    settle.question({ ...question("pending"), id: "el_2" });
    const bounded = Date.now();
    await settle.settled(100);
    expect(Date.now() - bounded).toBeLessThan(1_000);
  });
});
