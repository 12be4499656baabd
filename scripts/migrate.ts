// npm run db:migrate: applies pending migrations to the database DATABASE_URL names
// (or to the embedded one under DATA_DIR when it is unset).
import { openConfiguredDatabase } from "@/server/db/client";

const db = openConfiguredDatabase();
try {
  const applied = await db.migrate();
  process.stdout.write(
    applied.length
      ? `Applied ${applied.length} migration(s):\n${applied.map((n) => `  ${n}\n`).join("")}`
      : "Database is up to date.\n",
  );
} catch (err) {
  process.stderr.write(`Migration failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
}
