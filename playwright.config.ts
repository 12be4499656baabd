import { defineConfig } from "@playwright/test";

// Debian's Chromium: Playwright cannot download its own browsers on our networks.
const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const port = Number(process.env.E2E_PORT || 3100);
const noModelPort = port + 1;
const fakeModelPort = port + 98;
const fakeGooglePort = port + 97;
const fake = `http://127.0.0.1:${fakeGooglePort}`;

const appEnv = (p: number) => ({
  PORT: String(p),
  NEXTAUTH_URL: `http://localhost:${p}`,
  LOG_LEVEL: "warn",
  // The tests' own MCP servers and fakes listen on loopback, which the app refuses by default.
  OUTBOUND_ALLOW: "127.0.0.1",
  // The fake Google and the alert webhook are administrator URLs on loopback too.
  OUTBOUND_ADMIN_ALLOW: "127.0.0.1",
  MCP_TEST_TIMEOUT_MS: "5000",
  // Every test signs up a fresh user from one address, at two screen sizes.
  SIGNUPS_PER_HOUR: "500",
  CONNECTION_TESTS_PER_MINUTE: "100",
  GMAIL_CLIENT_ID: "fake-client",
  GMAIL_CLIENT_SECRET: "fake-secret",
  GMAIL_AUTH_URL: `${fake}/o/oauth2/auth`,
  GMAIL_TOKEN_URL: `${fake}/token`,
  GMAIL_REVOKE_URL: `${fake}/revoke`,
  GMAIL_API_URL: fake,
});

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
    acceptDownloads: true,
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
  // Every flow at desktop width; the main flows and the page-by-page checks at phone width too.
  projects: [
    { name: "desktop", use: { viewport: { width: 1280, height: 800 } }, grepInvert: /@phone/ },
    {
      name: "phone",
      use: { viewport: { width: 390, height: 844 } },
      testMatch:
        /(connectors|agent|approvals|quickstart|ui|databases|account|mcp-resources-apps|mcp-resource-links|mcp-features)\.spec\.ts$/,
    },
  ],
  webServer: [
    {
      command: "node node_modules/tsx/dist/cli.mjs e2e/fakes-server.ts",
      port: fakeModelPort,
      reuseExistingServer: false,
      timeout: 60_000,
      env: { FAKE_MODEL_PORT: String(fakeModelPort), FAKE_GOOGLE_PORT: String(fakeGooglePort) },
    },
    {
      // The production build, on a fresh embedded database in a temporary folder.
      command: "node scripts/e2e-server.mjs",
      url: `http://localhost:${port}/api/auth/providers`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        ...appEnv(port),
        OPENAI_BASE_URL: `http://127.0.0.1:${fakeModelPort}/v1`,
        OPENAI_API_KEY: "sk-e2e",
        AGENT_MODEL: "fake-model",
      },
    },
    {
      // The same build with no model configured.
      command: "node scripts/e2e-server.mjs",
      url: `http://localhost:${noModelPort}/api/auth/providers`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      stderr: "pipe",
      env: appEnv(noModelPort),
    },
  ],
});
