// MCP servers nobody on the project wrote, from npm, run as child processes on a free port:
// server-everything (resources, templates, completion, prompts) and MCP Apps examples.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { freePort } from "./free-port";

export type NpmPeer = { url: string; close(): Promise<void> };

// Not every package exports its package.json, so resolve from the project's node_modules.
const packageDir = (name: string): string => join(process.cwd(), "node_modules", name);

async function waitUntilListening(url: string, child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`MCP peer exited with ${child.exitCode}`);
    try {
      await fetch(url, { method: "GET", signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  throw new Error(`MCP peer at ${url} did not start`);
}

async function start(script: string, args: string[]): Promise<NpmPeer> {
  const port = await freePort();
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, PORT: String(port) },
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}/mcp`;
  await waitUntilListening(url, child);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        // A server waiting for its open sessions to end is not waited for.
        setTimeout(() => child.kill("SIGKILL"), 2_000).unref();
      }),
  };
}

/** `@modelcontextprotocol/server-everything` over Streamable HTTP. */
export function startEverything(): Promise<NpmPeer> {
  return start(join(packageDir("@modelcontextprotocol/server-everything"), "dist/index.js"), ["streamableHttp"]);
}

/** `@modelcontextprotocol/server-basic-vanillajs`: one tool (get-time) with a `ui://` app. */
export function startBasicApp(): Promise<NpmPeer> {
  return start(join(packageDir("@modelcontextprotocol/server-basic-vanillajs"), "dist/index.js"), []);
}

/** `@modelcontextprotocol/server-system-monitor`: get-system-info (with an app) and poll-system-stats, app-only. */
export function startSystemMonitor(): Promise<NpmPeer> {
  return start(join(packageDir("@modelcontextprotocol/server-system-monitor"), "dist/index.js"), []);
}

/** `@modelcontextprotocol/server-transcript`: an app that declares microphone and clipboardWrite permissions. */
export function startTranscript(): Promise<NpmPeer> {
  return start(join(packageDir("@modelcontextprotocol/server-transcript"), "dist/index.js"), []);
}
