// A connector that keeps failing: one alert per episode, a webhook, and recovery.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import { reportConnectorOutcome } from "@/server/connectors/health";
import { makeTools, startMcpServer, type TestServer } from "../support/mcp-servers";
import { captureLogs } from "../support/logs";
import { useTestDatabase } from "../support/db";
import { signedInCaller } from "../support/trpc";

useTestDatabase();
const logs = captureLogs();
let mcp: TestServer;
let hook: Server;
const received: Record<string, unknown>[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  mcp = await startMcpServer({ tools: makeTools(1), requireHeaders: { authorization: "Bearer secret-token" } });
  hook = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  process.env.ALERT_WEBHOOK_URL = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alerts`;
  resetEnvForTests();
});
afterAll(async () => {
  process.env = { ...saved };
  resetEnvForTests();
  hook.close();
  await mcp.close();
});

async function connector() {
  const session = await signedInCaller();
  const c = await session.caller.connectors.create({
    name: "Flaky",
    url: mcp.url,
    auth: { type: "bearer", token: "secret-token" },
  });
  return { ...session, id: c.id };
}

const alertsFor = (id: string) => logs.lines().filter((l) => l.event === "alert" && l.connectorId === id);

describe("what the Connectors page shows", () => {
  it("the reason of the last failure, until a success clears it and records when it worked", async () => {
    const { user, caller, id } = await connector();
    const saved = (await caller.connectors.list())[0]!;
    expect(saved).toMatchObject({ lastError: null, lastOkAt: expect.any(Date) as unknown });
    await reportConnectorOutcome(user.id, id, false, "TIMEOUT", "The tool did not answer in time.");
    expect((await caller.connectors.list())[0]).toMatchObject({
      lastTestCode: "TIMEOUT",
      lastError: "The tool did not answer in time.",
      lastOkAt: saved.lastOkAt,
    });
    await reportConnectorOutcome(user.id, id, true, null);
    const recovered = (await caller.connectors.list())[0]!;
    expect(recovered.lastError).toBeNull();
    expect(recovered.lastOkAt!.getTime()).toBeGreaterThanOrEqual(saved.lastOkAt!.getTime());
  });
});

describe("failure alerts", () => {
  it("raise one alert after three failures, then recover on the first success", async () => {
    const { user, caller, id } = await connector();
    received.length = 0;
    await reportConnectorOutcome(user.id, id, false, "TIMEOUT");
    await reportConnectorOutcome(user.id, id, false, "TIMEOUT");
    expect((await caller.connectors.list())[0]?.status).toBe("connected");
    expect(alertsFor(id)).toHaveLength(0);

    await reportConnectorOutcome(user.id, id, false, "INVALID_MCP_SERVER");
    const failing = (await caller.connectors.list())[0]!;
    expect(failing).toMatchObject({ status: "failing", lastTestCode: "INVALID_MCP_SERVER", consecutiveFailures: 3 });
    expect(failing.failingSince).toBeInstanceOf(Date);
    await reportConnectorOutcome(user.id, id, false, "TIMEOUT"); // same episode: no second alert
    expect(alertsFor(id)).toHaveLength(1);
    expect(received).toEqual([
      expect.objectContaining({
        type: "connector.failing",
        connector: { id, name: "Flaky" },
        code: "INVALID_MCP_SERVER",
        failures: 3,
      }),
    ]);
    expect(JSON.stringify(received)).not.toContain("secret-token");

    // "Test again" against the (healthy) server ends the episode.
    const { connector: after, test } = await caller.connectors.retest({ id });
    expect(test.ok).toBe(true);
    expect(after).toMatchObject({ status: "connected", failingSince: null, consecutiveFailures: 0 });
    expect(logs.lines().filter((l) => l.event === "alert.recovered" && l.connectorId === id)).toHaveLength(1);
    expect(received.map((r) => r.type)).toEqual(["connector.failing", "connector.recovered"]);
  });

  it("start counting again when failures are further apart than the window", async () => {
    process.env.CONNECTOR_FAILURE_WINDOW_SECONDS = "1";
    resetEnvForTests();
    try {
      const { user, caller, id } = await connector();
      await reportConnectorOutcome(user.id, id, false, "TIMEOUT");
      await reportConnectorOutcome(user.id, id, false, "TIMEOUT");
      await new Promise((r) => setTimeout(r, 1100));
      await reportConnectorOutcome(user.id, id, false, "TIMEOUT");
      expect((await caller.connectors.list())[0]).toMatchObject({ status: "connected", consecutiveFailures: 1 });
    } finally {
      delete process.env.CONNECTOR_FAILURE_WINDOW_SECONDS;
      resetEnvForTests();
    }
  });

  it("alert once even when many failures arrive at the same moment", async () => {
    const { user, id } = await connector();
    const changes = await Promise.all(
      Array.from({ length: 8 }, () => reportConnectorOutcome(user.id, id, false, "TIMEOUT")),
    );
    expect(changes.filter((c) => c?.episode === "started")).toHaveLength(1);
    expect(alertsFor(id)).toHaveLength(1);
  });

  it("ignore another user's connector", async () => {
    const { id } = await connector();
    const other = await signedInCaller();
    expect(await reportConnectorOutcome(other.user.id, id, false, "TIMEOUT")).toBeNull();
    await expect(other.caller.connectors.retest({ id })).rejects.toThrow("Connector not found.");
  });
});
