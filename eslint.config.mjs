import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { importBoundaries } from "./eslint.boundaries.mjs";

export default tseslint.config(
  {
    ignores: [
      "node_modules",
      ".next",
      "coverage",
      "src/server/db/generated",
      "next-env.d.ts",
      "playwright-report",
      "test-results",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    files: ["src/server/**/*.ts"],
    rules: { "no-console": "error" },
  },
  // Prisma stays inside src/server/db, and src/server's folders import only the folders
  // below them (see README, "Architecture"): one no-restricted-imports entry per folder,
  // because ESLint replaces a rule's options per file instead of merging them.
  ...importBoundaries(),
  {
    files: ["**/*.mjs", "**/*.js"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: "readonly", console: "readonly", URL: "readonly" },
    },
  },
);
