import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Claims `dir` for this process with a lock file naming it (PGlite's data is one process's:
 * a second process on the same folder would corrupt it). A lock left by a process that died
 * is taken over; one held by a live process is refused with `errors.inUse(owner)`. Returns
 * the release.
 */
export function lockFolder(dir: string, errors: { inUse: (owner: number) => Error; failed: () => Error }): () => void {
  const file = path.join(dir, "owner.pid");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const owner = Number(readFileSync(file, "utf8"));
      if (owner && owner !== process.pid && alive(owner)) throw errors.inUse(owner);
      rmSync(file, { force: true });
    }
  }
  throw errors.failed();
}
