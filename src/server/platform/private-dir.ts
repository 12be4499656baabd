// DATA_DIR holds the embedded database and the generated secrets: only the account the
// app runs as may list or read it. Folders are created 0700; one an earlier version left
// open is tightened (the app owns its data folder; a chmod it may not do is only logged).
import { logger } from "@/server/platform/log";
import { chmodSync, mkdirSync, statSync } from "node:fs";

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) readable only by the owner; tightens it if it is open. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tighten(dir, PRIVATE_DIR_MODE);
}

/** Removes group and other permissions from an existing file or folder. */
export function tighten(file: string, mode: number): void {
  if ((statSync(file).mode & 0o077) === 0) return;
  try {
    chmodSync(file, mode);
  } catch (err) {
    logger().warn({ event: "data_dir.open", path: file, err }, "could not restrict permissions");
  }
}
