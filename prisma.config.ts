// Configures the Prisma CLI (generate, migrate diff). The CLI must use the Wasm schema
// engine shipped in the npm package: the native one is downloaded from a host that
// locked-down networks cannot reach. Migrations are applied by src/server/db/migrate.ts.
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { defineConfig } from "prisma/config";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  // A throwaway in-memory database: the CLI commands we use never need a real one.
  // (typed against an older driver-adapter-utils; same runtime contract)
  adapter: () => Promise.resolve(new PrismaPGlite(new PGlite()) as unknown as SqlMigrationAwareDriverAdapterFactory),
});
