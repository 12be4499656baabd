// The database connection test: every step, timed, with one precise code when it fails,
// in the shape of the MCP connection test. It never throws for anything the server does.
import { AppError } from "@/lib/errors";
import { parseConnectionInput, type ConnectionSettings } from "./connection-input";
import {
  checkedAddresses,
  ConnectError,
  DEFAULT_CONNECT_TIMEOUT_MS,
  dial,
  type ConnectFailure,
  type ConnectOptions,
  type DatabaseTestCode,
  type DatabaseTestStepName,
} from "./connect";
import { pgErrorFields } from "./errors";
import type { Handshake } from "./handshake";
import { serverSummary, type ServerSummary } from "./introspect";
import { pgSession } from "./pg-session";

export type DatabaseTestStep = {
  name: DatabaseTestStepName;
  status: "ok" | "failed" | "skipped" | "warning";
  durationMs: number;
  detail?: string;
};

export type DatabaseTestResult = {
  ok: boolean;
  code: DatabaseTestCode | null;
  message: string;
  hint?: string;
  steps: DatabaseTestStep[];
  server: Omit<ServerSummary, "relationCount"> | null;
  /** Tables, views and materialized views the user can read. */
  relationCount: number;
  durationMs: number;
};

const STEPS: DatabaseTestStepName[] = ["address_check", "connect", "authenticate", "catalog"];

export type TestOptions = ConnectOptions & { onStep?: (step: DatabaseTestStep) => void };

export async function testPostgresConnection(input: unknown, opts: TestOptions): Promise<DatabaseTestResult> {
  const started = performance.now();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const steps: DatabaseTestStep[] = [];
  let mark = started;
  const record = (
    name: DatabaseTestStepName,
    status: DatabaseTestStep["status"],
    detail?: string,
    until = performance.now(),
  ) => {
    const step = { name, status, durationMs: Math.max(0, Math.round(until - mark)), ...(detail ? { detail } : {}) };
    mark = Math.max(mark, until);
    steps.push(step);
    opts.onStep?.(step);
  };
  const finish = (
    failure: Omit<ConnectFailure, "step"> | null,
    extra: Partial<DatabaseTestResult> = {},
  ): DatabaseTestResult => {
    for (const name of STEPS.slice(steps.length)) record(name, "skipped", undefined, mark);
    return {
      ok: failure === null || failure.code === "NO_TABLES",
      code: failure?.code ?? null,
      message: failure?.message ?? "Connected.",
      ...(failure?.hint ? { hint: failure.hint } : {}),
      steps,
      server: null,
      relationCount: 0,
      durationMs: Math.round(performance.now() - started),
      ...extra,
    };
  };
  /** Marks the steps before the failed one as passed, at the times the handshake saw. */
  const fail = (failure: ConnectFailure, hs?: Handshake) => {
    const reached = STEPS.indexOf(failure.step);
    if (reached > 1 && steps.length < 2) record("connect", "ok", undefined, hs?.at.spoke);
    record(failure.step, "failed", failure.message);
    return finish(failure);
  };

  let settings: ConnectionSettings;
  try {
    settings = parseConnectionInput(input);
  } catch (err) {
    return fail({
      step: "address_check",
      code: "INVALID_URL",
      message: err instanceof Error ? err.message : String(err),
    });
  }

  let addresses: string[];
  try {
    addresses = await checkedAddresses(settings, opts, deadline);
    record("address_check", "ok", addresses.join(", "));
  } catch (err) {
    if (err instanceof ConnectError) return fail(err.failure);
    throw err;
  }

  let dialed: Awaited<ReturnType<typeof dial>>;
  try {
    dialed = await dial(settings, addresses, deadline);
  } catch (err) {
    if (err instanceof ConnectError) return fail(err.failure, err.handshake);
    throw err;
  }
  const tls = settings.tls === "disable" ? "without TLS" : `TLS ${settings.tls}`;
  record("connect", "ok", `${dialed.address}:${settings.port}, ${tls}`, dialed.handshake.at.spoke);
  record("authenticate", "ok", `as ${settings.user}`, dialed.handshake.at.ready);

  const session = pgSession(dialed.client);
  try {
    const summary = await serverSummary(session, { timeoutMs: Math.max(1, deadline - Date.now()) });
    const server = { version: summary.version, database: summary.database, user: summary.user };
    if (summary.relationCount === 0) {
      record("catalog", "warning", "no tables or views");
      return finish(
        {
          code: "NO_TABLES",
          message: `Connected to PostgreSQL ${summary.version}, but ${summary.user} can read no table or view in ${summary.database}.`,
          hint: "Create tables, or grant this user USAGE on the schemas and SELECT on the tables.",
        },
        { server },
      );
    }
    const count = `${summary.relationCount} table${summary.relationCount === 1 ? "" : "s"} and views`;
    record("catalog", "ok", count);
    return finish(null, {
      server,
      relationCount: summary.relationCount,
      message: `Connected to PostgreSQL ${summary.version}: ${count}.`,
    });
  } catch (err) {
    const timedOut = (err instanceof AppError && err.code === "TIMEOUT") || pgErrorFields(err)?.code === "57014";
    const reason =
      pgErrorFields(err)?.message ?? (err instanceof AppError || err instanceof Error ? err.message : String(err));
    return fail({
      step: "catalog",
      code: timedOut ? "TIMEOUT" : "CONNECT_FAILED",
      message: timedOut
        ? `Reading the catalog took longer than ${timeoutMs} ms.`
        : `Connected, but reading the catalog failed: ${reason}`,
    });
  } finally {
    await session.close();
  }
}
