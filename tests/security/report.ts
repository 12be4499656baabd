import { appendFileSync } from "node:fs";

export type SecurityCount = "probes" | "corpus cases" | "refused";

// Tallies what the security suite tried; `npm run test:security` sums and prints them.
export function count(kind: SecurityCount, n = 1): void {
  const file = process.env.SECURITY_COUNTS_FILE;
  if (file) appendFileSync(file, `${JSON.stringify({ kind, n })}\n`);
}
