// Child process for the crash-safety test: saves connectors with encrypted credentials
// in a loop on an embedded database until it is killed.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { encryptCredentials } from "@/server/platform/encryption";
import { openPglite, useDatabase } from "@/server/db/client";
import { insertConnectorWithinLimit } from "@/server/db/connectors";
import { insertUser } from "@/server/db/users";

const db = openPglite(path.join(process.env.DATA_DIR!, "pglite"));
await db.migrate();
useDatabase(db);
const user = (await insertUser({ email: `crash-${randomUUID()}@example.com`, passwordHash: "x" }))!;
for (let i = 1; ; i++) {
  const id = randomUUID();
  const auth = { type: "bearer" as const, token: `token-${i}` };
  const enc = encryptCredentials(auth, { userId: user.id, subjectId: id });
  const tools = Array.from({ length: 50 }, (_, t) => ({
    name: `tool_${t}`,
    description: "x".repeat(200),
    inputSchema: { type: "object" },
  }));
  await insertConnectorWithinLimit(
    {
      id,
      userId: user.id,
      name: `c${i}`,
      url: "https://mcp.example.com/mcp",
      transport: "streamable-http",
      authType: "bearer",
      authMeta: { headerNames: [] },
      encryptedCredentials: enc.ciphertext,
      keyVersion: enc.keyVersion,
      lastTestOk: true,
      lastTestCode: null,
      lastTestAt: new Date(),
      serverName: "s",
      serverVersion: "1",
      toolsSnapshot: tools,
      toolCount: tools.length,
    },
    1_000_000,
  );
  process.stdout.write(`saved ${i}\n`);
}
