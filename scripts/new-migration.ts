// npm run db:new-migration -- <name>: writes the SQL that takes the last committed
// schema to the current prisma/schema.prisma into a new migration folder.
// `prisma migrate dev` cannot be used here (see README, "Database").
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  process.stderr.write("usage: npm run db:new-migration -- <name in snake_case>\n");
  process.exit(1);
}
const tmp = mkdtempSync(path.join(tmpdir(), "schema-"));
const previous = path.join(tmp, "schema.prisma");
let from: string[];
try {
  writeFileSync(previous, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"]));
  from = ["--from-schema-datamodel", previous];
} catch {
  from = ["--from-empty"];
}
const sql = execFileSync(
  "npx",
  ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { encoding: "utf8" },
);
if (!/\S/.test(sql.replace(/--.*$/gm, ""))) {
  process.stdout.write("No schema changes since the last commit.\n");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
process.stdout.write(`Wrote ${dir}/migration.sql\n`);
