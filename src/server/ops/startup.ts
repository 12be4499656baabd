import { applyAuthUrlDefault, env, EnvError } from "@/env";
import { prepareSampleDatabase } from "@/server/databases/service/sample";
import { database, prepareDatabase } from "@/server/db/client";
import { stampPeerAddresses } from "@/server/platform/client-address";
import { logger } from "@/server/platform/log";
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
    // The sample shop is built in the background (seconds): the server is ready without it.
    void prepareSampleDatabase();
    logger().info({ event: "server.ready", database: database().kind }, "connectors ready");
  } catch (err) {
    logger().fatal({ event: "server.start_failed", err }, "start-up failed");
    process.exit(1);
  }
}
