// npm run keys:rotate: after adding a new key version to ENCRYPTION_KEYS (the highest
// version is the active one), re-encrypts every stored credential with it. Old keys can
// be removed from ENCRYPTION_KEYS once this reports no failures.
import { rotateCredentialKeys } from "@/server/ops/key-rotation";
import { openConfiguredDatabase, useDatabase } from "@/server/db/client";

const db = openConfiguredDatabase();
useDatabase(db);
try {
  await db.migrate();
  const report = await rotateCredentialKeys();
  process.stdout.write(
    `Active key version ${report.activeKeyVersion}: re-encrypted ${report.rotated} credential(s).\n`,
  );
  for (const f of report.failures) process.stdout.write(`  could not re-encrypt ${f.table} ${f.id}: ${f.reason}\n`);
  if (report.failures.length > 0) {
    process.stdout.write(`${report.failures.length} row(s) left unchanged; keep their key in ENCRYPTION_KEYS.\n`);
    process.exitCode = 1;
  }
} finally {
  await db.close();
}
