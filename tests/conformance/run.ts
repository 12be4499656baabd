// npm run test:conformance: every client scenario of the MCP conformance suite (pinned in
// tests/conformance/suite/) against our driver, one scenario at a time. A scenario passes
// when the suite passes it (its exit code covers the driver's), its checks.json holds at
// least one success and no failure or warning, and the driver's report shows it did what
// the scenario needs (expectations.ts). Prints one line per scenario; exits 1 on anything
// unexpected: a failure, an expected failure that passes or fails for another reason, a
// scenario without expectation. `npm run test:conformance -- <name>…` runs only those.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildSync } from "esbuild";
import { EXPECTATIONS, type DriverReport, type Expectation } from "./expectations";
import { ensureSuite, listScenarios, ROOT, runScenario, type ScenarioRun } from "./suite";

const SCENARIO_TIMEOUT_MS = 45_000;
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
const log = (line: string) => console.log(line);

type Check = { name: string; status: "SUCCESS" | "FAILURE" | "WARNING" | "INFO" | "SKIPPED" };

/** The app's configuration for one scenario: a fresh embedded database, loopback allowed. */
function appEnv(dir: string, scenario: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ["DATABASE_URL", "AUTH_SECRET", "NEXTAUTH_SECRET", "ENCRYPTION_KEYS", "OAUTH_CLIENTS"])
    delete env[name];
  Object.assign(env, {
    DATA_DIR: path.join(dir, "data"),
    CONFORMANCE_REPORT: path.join(dir, "report.json"),
    // The suite's servers listen on this machine; production refuses loopback by default.
    OUTBOUND_ALLOW: "localhost,127.0.0.0/8,::1",
    // The redirect URI: the driver takes the answer from the Location header, nothing listens.
    NEXTAUTH_URL: "http://127.0.0.1:9",
    PASSWORD_HASH_COST: "10",
    LOG_LEVEL: "warn",
    CONNECTOR_RETRY_DELAY_MS: "0",
    OAUTH_CLIENT_METADATA_URL:
      // The one client id basic-cimd accepts (the suite never fetches it). Only there: in
      // offline-access-scope the suite would try to fetch a metadata URL it saw.
      scenario === "auth/basic-cimd" ? "https://conformance-test.local/client-metadata.json" : "",
  });
  return env;
}

/**
 * The driver as one file, so each scenario starts it in a fraction of the time tsx takes.
 * It stays under the app's node_modules, where its packages resolve to the app's own
 * (next to .conformance/ they would resolve to the suite's copies).
 */
function buildDriver(): string {
  const outfile = path.join(ROOT, "node_modules/.cache/connectors-conformance/driver.mjs");
  buildSync({
    entryPoints: [path.join(import.meta.dirname, "driver.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outfile,
    logLevel: "warning",
  });
  return outfile;
}

/**
 * A freshly migrated embedded database, made once with the app's own release step
 * (npm run db:migrate) and copied for each scenario: creating one takes seconds.
 */
function templateDatabase(root: string): string {
  const dataDir = path.join(root, "template");
  const migrate = spawnSync(process.execPath, [TSX, "scripts/migrate.ts"], {
    cwd: ROOT,
    env: { ...appEnv(root, ""), DATA_DIR: dataDir },
    encoding: "utf8",
  });
  if (migrate.status !== 0) throw new Error(`db:migrate failed:\n${migrate.stdout}${migrate.stderr}`);
  return dataDir;
}

function findChecks(dir: string): Check[] | null {
  if (!existsSync(dir)) return null;
  for (const entry of readdirSync(dir, { recursive: true, encoding: "utf8" }))
    if (path.basename(entry) === "checks.json")
      return JSON.parse(readFileSync(path.join(dir, entry), "utf8")) as Check[];
  return null;
}

function readReport(file: string): DriverReport | null {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as DriverReport) : null;
}

/** Why this run does not count as a pass (empty when it does). */
function problemsOf(scenario: string, exp: Expectation, run: ScenarioRun, dir: string): string[] {
  const problems: string[] = [];
  if (run.timedOut) problems.push("the suite did not finish");
  else if (run.exitCode !== 0) problems.push(`the suite exited with ${run.exitCode}`);
  const checks = findChecks(path.join(dir, "results"));
  if (!checks) problems.push("no checks.json");
  else {
    const bad = checks.filter((c) => c.status === "FAILURE" || c.status === "WARNING");
    if (bad.length) problems.push(`checks: ${bad.map((c) => `${c.status} ${c.name}`).join(", ")}`);
    if (!checks.some((c) => c.status === "SUCCESS")) problems.push("no check succeeded");
  }
  const report = readReport(path.join(dir, "report.json"));
  if (!report || report.scenario !== scenario) problems.push("the driver wrote no report for this scenario");
  else if (exp.kind === "pass") {
    const wrong = exp.driver(report);
    if (wrong) problems.push(`driver: ${wrong}`);
  }
  return problems;
}

async function main(): Promise<number> {
  const started = Date.now();
  if (/\s/.test(process.execPath + ROOT))
    throw new Error("The suite splits its client command on spaces: run from a path without spaces.");
  const suite = ensureSuite(log);
  const listed = listScenarios(suite);
  const only = process.argv.slice(2);
  log(
    `MCP conformance suite, client scenarios: ${listed.length} (suite on Node ${suite.version}, driver on ${process.version})`,
  );
  const work = mkdtempSync(path.join(tmpdir(), "connectors-conformance-"));
  const template = templateDatabase(work);
  const driver = buildDriver();
  let passed = 0;
  let expected = 0;
  const failed: string[] = [];
  const fail = (name: string, why: string) => {
    failed.push(name);
    log(`FAILED             ${name}: ${why}`);
  };
  for (const stale of Object.keys(EXPECTATIONS).filter((s) => !listed.includes(s)))
    fail(stale, "listed in expectations.ts but not in this version of the suite");

  for (const scenario of listed.filter((s) => only.length === 0 || only.includes(s))) {
    const exp = EXPECTATIONS[scenario];
    if (!exp) {
      fail(scenario, "no expectation in tests/conformance/expectations.ts");
      continue;
    }
    const dir = mkdtempSync(path.join(work, `${scenario.replace(/\W+/g, "-")}-`));
    cpSync(template, path.join(dir, "data"), { recursive: true });
    const t0 = Date.now();
    const run = await runScenario(suite, {
      scenario,
      command: `${process.execPath} ${driver}`,
      outputDir: path.join(dir, "results"),
      env: appEnv(dir, scenario),
      timeoutMs: SCENARIO_TIMEOUT_MS,
    });
    const seconds = `${((Date.now() - t0) / 1000).toFixed(1)} s`;
    const problems = problemsOf(scenario, exp, run, dir);
    let ok = true;
    if (exp.kind === "pass") {
      if (problems.length === 0) {
        passed += 1;
        log(`passed             ${scenario} (${seconds})`);
      } else {
        ok = false;
        fail(scenario, problems.join("; "));
      }
    } else {
      const report = readReport(path.join(dir, "report.json"));
      const wrongReason = report && exp.driver ? exp.driver(report) : null;
      if (problems.length === 0) {
        ok = false;
        fail(scenario, "passes now: take it off the expected failures");
      } else if (wrongReason) {
        ok = false;
        fail(scenario, `fails, but not for the reason given: ${wrongReason}`);
      } else {
        expected += 1;
        log(`expected failure   ${scenario}: ${exp.reason}`);
      }
    }
    if (ok) rmSync(dir, { recursive: true, force: true });
    else
      log(
        `  kept in ${dir}; the suite said:\n${run.output
          .trim()
          .split("\n")
          .slice(-25)
          .map((l) => `    ${l}`)
          .join("\n")}`,
      );
  }
  if (failed.length === 0) rmSync(work, { recursive: true, force: true });
  const total = passed + expected + failed.length;
  log(
    `conformance: ${passed} passed, ${expected} expected failures, ${failed.length} failed` +
      ` (${total} scenarios, ${Math.round((Date.now() - started) / 1000)} s)`,
  );
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
