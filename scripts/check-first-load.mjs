// Fails when a page's first-load JavaScript (gzipped, as `next build` reports it) is
// above the budget. Reads the production build in .next; run after `next build`.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 200;
const manifest = JSON.parse(readFileSync(".next/app-build-manifest.json", "utf8")).pages;
const sizes = new Map();
const gz = (file) => {
  if (!sizes.has(file)) sizes.set(file, gzipSync(readFileSync(`.next/${file}`)).length);
  return sizes.get(file);
};

let failed = false;
for (const [page, files] of Object.entries(manifest).sort()) {
  if (!page.endsWith("/page")) continue; // route handlers ship no JavaScript of their own
  const kb = files.filter((f) => f.endsWith(".js")).reduce((sum, f) => sum + gz(f), 0) / 1000;
  const over = kb > BUDGET_KB;
  failed ||= over;
  console.log(`${over ? "over" : "  ok"}  ${kb.toFixed(1).padStart(6)} kB  ${page.replace(/\/page$/, "") || "/"}`);
}
if (failed) {
  console.error(`First-load JavaScript above ${BUDGET_KB} kB: load the heavy part with next/dynamic where it is used.`);
  process.exit(1);
}
