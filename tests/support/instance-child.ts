// One "app instance" for the multi-instance test: its own process and connection pool to
// the shared PostgreSQL, answering JSON commands on stdin with JSON lines on stdout.
import readline from "node:readline";
import { AppError } from "@/lib/errors";
import { authenticate } from "@/server/auth/accounts";
import { encryptCredentials } from "@/server/platform/encryption";
import { reportConnectorOutcome } from "@/server/connectors/health";
import { refreshUnderLease, type OAuthCredentials } from "@/server/connectors/oauth-tokens";
import { openPostgres, useDatabase } from "@/server/db/client";
import { insertConnectorWithinLimit } from "@/server/db/connectors";
import { limitConnectionTests } from "@/server/auth/rate-limit";
import { buildConnectorRow } from "./builders";

const db = openPostgres(process.env.DATABASE_URL!);
useDatabase(db);

type Command =
  | { id: number; op: "signin"; email: string; password: string; ip: string }
  | { id: number; op: "fail"; userId: string; connectorId: string }
  | { id: number; op: "test"; userId: string; ip: string }
  | { id: number; op: "seed-oauth"; userId: string; connectorId: string; url: string; creds: OAuthCredentials }
  | { id: number; op: "refresh"; userId: string; connectorId: string; stale: string };

async function run(c: Command): Promise<string> {
  try {
    if (c.op === "signin") await authenticate({ email: c.email, password: c.password }, c.ip);
    else if (c.op === "fail")
      return (await reportConnectorOutcome(c.userId, c.connectorId, false, "TIMEOUT"))?.episode ?? "none";
    else if (c.op === "refresh") return await refreshUnderLease(c.userId, c.connectorId, c.stale);
    else if (c.op === "seed-oauth") {
      // Encrypted here, with the key the instances share.
      const enc = encryptCredentials(c.creds, { userId: c.userId, subjectId: c.connectorId });
      const row = buildConnectorRow({
        id: c.connectorId,
        userId: c.userId,
        name: "OAuth",
        url: c.url,
        authType: "oauth",
        encryptedCredentials: enc.ciphertext,
        keyVersion: enc.keyVersion,
      });
      await insertConnectorWithinLimit(row, 10);
    } else await limitConnectionTests(c.userId, c.ip);
    return "ok";
  } catch (err) {
    return err instanceof AppError ? err.code : `error: ${(err as Error).message}`;
  }
}

for await (const line of readline.createInterface({ input: process.stdin })) {
  const c = JSON.parse(line) as Command;
  process.stdout.write(`${JSON.stringify({ id: c.id, result: await run(c) })}\n`);
}
await db.close();
