import { defineConfig } from "@playwright/test";

// Debian's Chromium: Playwright cannot download its own browsers on our networks.
const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const port = Number(process.env.E2E_PORT || 3100);

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    // The production build, on a fresh embedded database in a temporary folder.
    command: "node scripts/e2e-server.mjs",
    url: `http://localhost:${port}/api/auth/providers`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    // The tests' own MCP servers listen on loopback, which the app refuses by default.
    env: { PORT: String(port), NEXTAUTH_URL: `http://localhost:${port}`, LOG_LEVEL: "warn", OUTBOUND_ALLOW: "127.0.0.1", MCP_TEST_TIMEOUT_MS: "5000" },
  },
});
