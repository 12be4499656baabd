// npm run docs:api: writes docs/api.md and pins the API contract in docs/api-contract.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { apiMarkdown, apiReference } from "@/server/api/reference";

const procs = apiReference();
mkdirSync("docs", { recursive: true });
writeFileSync("docs/api.md", apiMarkdown(procs));
writeFileSync(
  "docs/api-contract.json",
  `${JSON.stringify(
    procs.map(({ path, type, input, output }) => ({ path, type, input, output })),
    null,
    2,
  )}\n`,
);
process.stdout.write(`Wrote docs/api.md and docs/api-contract.json (${procs.length} procedures).\n`);
