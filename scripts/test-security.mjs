// npm run test:security: the security suite (tests/security) on its own, then what it tried.
// Each test appends {"kind", "n"} lines to SECURITY_COUNTS_FILE (tests/security/report.ts);
// this sums them. Exits non-zero when a test fails or nothing was counted.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const dir = mkdtempSync(path.join(tmpdir(), "connectors-security-"));
const file = path.join(dir, "counts.jsonl");
const run = spawnSync("npx", ["vitest", "run", "tests/security", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, SECURITY_COUNTS_FILE: file },
});

const totals = { probes: 0, "corpus cases": 0, refused: 0 };
let text = "";
try {
  text = readFileSync(file, "utf8");
} catch {
  // no test counted anything
}
for (const line of text.split("\n").filter(Boolean)) {
  const { kind, n } = JSON.parse(line);
  if (kind in totals) totals[kind] += n;
}
rmSync(dir, { recursive: true, force: true });

console.log(`security: ${totals.probes} probes, ${totals["corpus cases"]} corpus cases, ${totals.refused} refused`);
const failed = run.status !== 0 || totals.probes + totals["corpus cases"] === 0;
process.exit(failed ? run.status || 1 : 0);
