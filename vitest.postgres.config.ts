// The PostgreSQL pass: every integration test on PostgreSQL, plus the suites that need a
// database several processes can share. Run with TEST_DATABASE_URL set.
import { defineConfig } from "vitest/config";
import base from "./vitest.config";

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["tests/integration/**/*.test.ts", "tests/postgres/**/*.test.ts"],
    coverage: { enabled: false },
  },
});
