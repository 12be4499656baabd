// How the service reaches a user's database: the deployment's outbound rules on every
// address it resolves to, the connection test's deadline, one session per use, always closed.
import { env } from "@/env";
import type { ConnectionSettings } from "@/server/databases/engine/connection-input";
import { connectPostgres, type AddressCheck } from "@/server/databases/engine/connect";
import {
  testPostgresConnection,
  type DatabaseTestResult,
  type DatabaseTestStep,
} from "@/server/databases/engine/connection-test";
import type { SqlSession } from "@/server/databases/engine/session";
import { addressRefusal, configuredPolicy, UrlNotAllowedError } from "@/server/platform/outbound";

const RULE = "databases must be on a public server unless an administrator allows this address (OUTBOUND_ALLOW)";

/** The same rules as connectors: public addresses only, unless OUTBOUND_ALLOW lists them. */
export function databaseAddressCheck(): AddressCheck {
  const policy = configuredPolicy();
  return (host, addresses) => {
    for (const ip of addresses) {
      const refusal = addressRefusal(ip, host, policy, RULE);
      if (refusal) return Promise.reject(new UrlNotAllowedError(refusal));
    }
    return Promise.resolve();
  };
}

function connectOptions() {
  return { checkAddress: databaseAddressCheck(), timeoutMs: env().MCP_TEST_TIMEOUT_MS };
}

/** The step-by-step test; `input` is settings, or a form the engine reports as unreadable. */
export function runConnectionTest(
  input: unknown,
  onStep?: (step: DatabaseTestStep) => void,
): Promise<DatabaseTestResult> {
  return testPostgresConnection(input, { ...connectOptions(), onStep });
}

/** A new connection to the database (the caller closes it), or an AppError saying why not. */
export function openConnection(settings: ConnectionSettings): Promise<SqlSession> {
  return connectPostgres(settings, connectOptions());
}

/** Runs `work` on a new connection to the database, closed afterwards whatever happens. */
export async function withConnection<T>(
  settings: ConnectionSettings,
  work: (session: SqlSession) => Promise<T>,
): Promise<T> {
  const session = await openConnection(settings);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}
