// Fails the end-to-end step early, in one line, when no browser is installed.
import { accessSync, constants } from "node:fs";

const path = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
try {
  accessSync(path, constants.X_OK);
} catch {
  process.stderr.write(
    `End-to-end tests need Chromium at ${path}: install it with "apt-get install -y chromium" or set CHROMIUM_PATH to a Chromium binary.\n`,
  );
  process.exit(1);
}
