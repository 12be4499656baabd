// The MCP conformance suite's client: this app, driven the way one user in one browser
// drives it. The suite starts it once per scenario with the scenario's server URL as the
// last argument (tests/conformance/run.ts starts the suite). Everything is the app's own
// code on its own embedded database (a fresh DATA_DIR per scenario): the tRPC procedures
// the pages call, the connection test, the MCP client and pool, the OAuth flow and the
// encrypted token storage. The browser's one part, the sign-in popup, is played here: the
// authorization URL is followed without redirects (the suite's servers approve at once)
// and the Location it answers with is handed to the popup's callback route itself.
//
// What the user does: add the connector (test it; when it asks for sign-in, choose OAuth
// and sign in; save), then run the scenario's tool from its form, answering every form a
// server asks for by accepting its defaults, and sign in again when a connector needs it.
// What happened is written to $CONFORMANCE_REPORT for the runner to check.
import { writeFileSync } from "node:fs";
import { AppError } from "@/lib/errors";
import type { ConnectorTestResponse } from "@/lib/schemas/connectors";
import { TRPCError } from "@trpc/server";
import { createCaller } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import { signUp } from "@/server/auth/accounts";
import { handleConnectorOAuthCallback } from "@/server/connectors/routes";
import { mcpPool } from "@/server/connectors/pool";
import { prepareDatabase } from "@/server/db/client";
import { connectorRedirectUri } from "@/server/oauth/provider";
import { sessionCookie } from "../support/session";
import { type DriverReport } from "./expectations";

const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? "";
const serverUrl = process.argv.at(-1) ?? "";
/** What the suite tells a client out of band: here, a client an administrator registered. */
const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? "{}") as Record<string, string | undefined>;

/** The tool each scenario's server expects to be called, and with what. */
function toolFor(name: string): { tool: string; args: Record<string, unknown> } | null {
  if (name === "initialize") return null;
  if (name === "tools_call") return { tool: "add_numbers", args: { a: 2, b: 3 } };
  if (name === "elicitation-sep1034-client-defaults") return { tool: "test_client_elicitation_defaults", args: {} };
  if (name === "sse-retry") return { tool: "test_reconnection", args: {} };
  return { tool: "test-tool", args: {} };
}

const report: DriverReport = { scenario, url: serverUrl, steps: [], authorizations: 0, outcome: "error" };
const step = (s: string) => {
  report.steps.push(s);
  console.log(`[driver] ${s}`);
};

async function main(): Promise<void> {
  await prepareDatabase();
  const user = await signUp({ email: "conformance@example.com", password: "a long enough password" });
  const caller = createCaller(createContext({ user: { id: user.id, email: user.email, name: null } }));
  const cookie = await sessionCookie(user);

  /** The popup: the authorization URL, then our callback route with what it redirected to. */
  const signIn = async (input: { url: string; connectorId?: string }) => {
    const entered = context.client_id ? { clientId: context.client_id, clientSecret: context.client_secret } : {};
    const start = await caller.connectors.oauthStart({ ...input, ...entered });
    report.authorizations += 1;
    step(`sign-in at ${start.issuer} (client: ${start.clientSource}, scopes: ${start.scopes.join(" ") || "none"})`);
    const res = await fetch(start.authorizeUrl, { redirect: "manual" });
    await res.body?.cancel();
    const location = res.headers.get("location");
    if (!location) throw new Error(`the authorization endpoint answered ${res.status} without a redirect`);
    const back = new URL(location, start.authorizeUrl);
    if (!`${back.origin}${back.pathname}`.startsWith(connectorRedirectUri()))
      throw new Error(`the authorization server redirected elsewhere: ${back.origin}${back.pathname}`);
    const page = await handleConnectorOAuthCallback(new Request(back, { headers: { cookie } }));
    const message = /<p id="msg">([^<]*)<\/p>/.exec(await page.text())?.[1] ?? "";
    step(`callback: ${page.status} ${message}`);
    if (page.status !== 200) throw new Error(`the sign-in failed: ${message}`);
    return start.attemptId;
  };

  // 1. Add the connector: test it; a server that wants a sign-in gets one.
  const test: ConnectorTestResponse = await caller.connectors.test({ url: serverUrl, auth: { type: "none" } });
  step(`connection test: ${test.code ?? "ok"} ${test.message}`);
  let auth: { type: "none" } | { type: "oauth"; attemptId: string } = { type: "none" };
  if (!test.ok) {
    if (test.code !== "AUTH_FAILED") throw Object.assign(new Error(test.message), { code: test.code });
    auth = { type: "oauth", attemptId: await signIn({ url: serverUrl }) };
  }
  const connector = await caller.connectors.create({ name: "Conformance", url: serverUrl, auth });
  report.connected = {
    server: connector.server?.name ?? null,
    transport: connector.transport,
    tools: connector.toolCount,
  };
  step(`saved: ${connector.server?.name ?? "?"} over ${connector.transport}, ${connector.toolCount} tools`);

  // 2. Run the scenario's tool from its form; sign in again once if the connector asks.
  const wanted = toolFor(scenario);
  if (!wanted) return;
  // The user accepts every question the server asks as the form shows it, with its
  // defaults: answered through the same procedures as the direct-run view.
  let running = true;
  const answering = (async () => {
    while (running) {
      for (const q of await caller.agent.questions({ conversationId: "conformance" })) {
        const content = Object.fromEntries(
          q.fields.flatMap((f) => ("default" in f && f.default !== undefined ? [[String(f.name), f.default]] : [])),
        );
        await caller.agent.answerQuestion({ id: q.id, action: "accept", content });
        step(`elicitation answered: accept (${q.message})`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const run = () =>
    caller.agent.runTool({
      conversationId: "conformance",
      selection: { kind: "connector", connectorId: connector.id, toolName: wanted.tool },
      args: wanted.args,
    });
  try {
    await runScenarioTool(run, () => signIn({ url: serverUrl, connectorId: connector.id }), wanted.tool);
  } finally {
    running = false;
    await answering;
  }
}

async function runScenarioTool(
  run: () => Promise<{ outcome: { ok: boolean; errorCode?: string; text: string } }>,
  signInAgain: () => Promise<unknown>,
  tool: string,
): Promise<void> {
  let { outcome } = await run();
  step(`ran ${tool}: ${outcome.ok ? "ok" : outcome.errorCode} ${outcome.text.slice(0, 200)}`);
  if (outcome.errorCode === "OAUTH_REAUTH_REQUIRED") {
    await signInAgain();
    ({ outcome } = await run());
    step(`ran ${tool} again: ${outcome.ok ? "ok" : outcome.errorCode} ${outcome.text.slice(0, 200)}`);
  }
  report.toolResult = { ok: outcome.ok, errorCode: outcome.errorCode ?? null, text: outcome.text.slice(0, 500) };
  if (!outcome.ok) throw Object.assign(new Error(outcome.text), { code: outcome.errorCode });
}

function finish(code: number): never {
  if (process.env.CONFORMANCE_REPORT) writeFileSync(process.env.CONFORMANCE_REPORT, JSON.stringify(report, null, 2));
  process.exit(code);
}

main()
  .then(async () => {
    report.outcome = "done";
    await mcpPool().closeAll(); // ends the sessions, as the app does when it stops using them
    finish(0);
  })
  .catch((err: unknown) => {
    // The app refusing (a mismatched resource, a sign-in that cannot work) is an outcome too.
    const cause = (err as { cause?: unknown }).cause;
    const e = (cause instanceof AppError ? cause : err) as { code?: unknown; message?: unknown };
    report.outcome = "refused";
    report.code = typeof e.code === "string" && !(err instanceof TRPCError && e === err) ? e.code : "INTERNAL";
    report.message = typeof e.message === "string" ? e.message : String(err);
    step(`stopped: ${report.code} ${report.message}`);
    finish(1);
  });
