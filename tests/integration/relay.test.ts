// The relay between app instances on the embedded database (one process): a publication
// wakes its waiter at once, polling finds what was written without one, and a wait ends on
// its timeout or its signal.
import { describe, expect, it } from "vitest";
import { publish, subscribe, waitFor } from "@/server/db/relay";
import { useTestDatabase } from "../support/db";

useTestDatabase();

describe("waitFor", () => {
  it("is woken by a publication long before its next poll", async () => {
    let value: string | null = null;
    const started = Date.now();
    const waiting = waitFor("elicitation", "k1", () => Promise.resolve(value), { timeoutMs: 10_000, pollMs: 5_000 });
    setTimeout(() => {
      value = "answered";
      void publish("elicitation", "k1");
    }, 50);
    expect(await waiting).toBe("answered");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("finds by polling what was written without a publication", async () => {
    let value: string | null = null;
    setTimeout(() => (value = "found"), 50);
    expect(await waitFor("chat_stop", "k2", () => Promise.resolve(value), { timeoutMs: 5_000, pollMs: 20 })).toBe(
      "found",
    );
  });

  it("gives null after its timeout, and rejects with the signal's reason when aborted", async () => {
    expect(await waitFor("chat_stop", "k3", () => Promise.resolve(null), { timeoutMs: 60, pollMs: 20 })).toBeNull();
    const stop = new AbortController();
    setTimeout(() => stop.abort(new Error("stopped")), 30);
    await expect(
      waitFor("chat_stop", "k4", () => Promise.resolve(null), { timeoutMs: 5_000, pollMs: 1_000, signal: stop.signal }),
    ).rejects.toThrow("stopped");
    await expect(
      waitFor("chat_stop", "k5", () => Promise.resolve(null), { timeoutMs: 5_000, pollMs: 1_000, signal: stop.signal }),
    ).rejects.toThrow("stopped");
  });

  it("publications reach only their key's subscribers, until unsubscribed", async () => {
    const seen: string[] = [];
    const off = await subscribe("elicitation", "a", () => seen.push("a"));
    await subscribe("elicitation", "b", () => seen.push("b"));
    await publish("elicitation", "a");
    off();
    await publish("elicitation", "a");
    expect(seen).toEqual(["a"]);
  });
});
