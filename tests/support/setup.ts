// Runs before every test file: each file gets its own data folder, so generated secrets
// and embedded databases never touch the developer's .data/.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "connectors-test-"));
