import { applyAuthUrlDefault, env, EnvError } from "@/env";
import { prepareSampleDatabase } from "@/server/databases/service/sample";
import { database, prepareDatabase } from "@/server/db/client";
import { stampPeerAddresses } from "@/server/platform/client-address";
import { logger } from "@/server/platform/log";
import { encryptSignInTokens, type RotationReport } from "@/server/ops/key-rotation";
import { secrets } from "@/server/platform/secrets";

/** Validates configuration, loads secrets and readies the database; exits on failure. */
export async function startServer(): Promise<void> {
  try {
    env();
  } catch (err) {
    if (err instanceof EnvError) {
      // The logger itself depends on a valid configuration.
      process.stderr.write(`${err.message}\nSee README.md, "Configuration".\n`);
      process.exit(1);
    }
    throw err;
  }
  try {
    applyAuthUrlDefault();
    stampPeerAddresses();
    secrets();
    await prepareDatabase();
    await encryptLegacySignInTokens();
    // The sample shop is built in the background (seconds): the server is ready without it.
    void prepareSampleDatabase();
    logger().info({ event: "server.ready", database: database().kind }, "connectors ready");
  } catch (err) {
    logger().fatal({ event: "server.start_failed", err }, "start-up failed");
    process.exit(1);
  }
}

/** Sign-in tokens stored before they were encrypted are encrypted once, at start. */
export async function encryptLegacySignInTokens(): Promise<RotationReport> {
  const s = secrets();
  const report: RotationReport = { activeKeyVersion: s.activeKeyVersion, rotated: 0, failures: [] };
  await encryptSignInTokens({ keys: s.keys, activeKeyVersion: s.activeKeyVersion }, report, { legacyOnly: true });
  if (report.rotated > 0)
    logger().info({ event: "server.sign_in_tokens_encrypted", count: report.rotated }, "sign-in tokens encrypted");
  return report;
}
