// The architecture as lint rules: Prisma only inside src/server/db, and each folder of
// src/server importing only the folders below it (README, "Architecture"). One
// no-restricted-imports entry per folder, because ESLint replaces a rule's options per
// file instead of merging them. tests/unit/architecture.test.ts checks the rules bite.
const prisma = {
  group: ["**/db/generated/**", "@prisma/client", "@prisma/*"],
  message: "Use a repository in src/server/db.",
};

// src/server's folders, top to bottom; each may import only the folders listed after it.
export const LAYERS = {
  api: ["agent", "connectors", "tools", "databases", "oauth", "auth", "db", "platform"],
  ops: ["databases", "db", "platform"],
  agent: ["connectors", "tools", "databases", "oauth", "auth", "db", "platform"],
  connectors: ["databases", "oauth", "auth", "db", "platform"],
  tools: ["databases", "oauth", "auth", "db", "platform"],
  databases: ["oauth", "auth", "db", "platform"],
  oauth: ["db", "platform"],
  auth: ["db", "platform"],
  db: ["platform"],
  platform: [],
};

export function importBoundaries() {
  const forbidden = (layer) =>
    Object.keys(LAYERS)
      .filter((other) => other !== layer && !LAYERS[layer].includes(other))
      .map((other) => `@/server/${other}/**`);
  const folders = Object.keys(LAYERS).map((layer) => ({
    files: [`src/server/${layer}/**/*.ts`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...(layer === "db" ? [] : [prisma]),
            {
              group: [...forbidden(layer), "../*"],
              message: `src/server/${layer} may import only ${LAYERS[layer].map((l) => `server/${l}`).join(", ") || "env and lib"} (README, "Architecture"); use @/ paths.`,
            },
          ],
        },
      ],
    },
  }));
  return [
    {
      files: ["src/**/*.ts", "src/**/*.tsx", "scripts/**/*.ts"],
      ignores: ["src/server/**"],
      rules: {
        "no-restricted-imports": [
          "error",
          {
            patterns: [prisma],
          },
        ],
      },
    },
    {
      files: ["src/lib/**/*.ts", "src/env.ts"],
      rules: {
        "no-restricted-imports": [
          "error",
          {
            patterns: [
              prisma,
              {
                group: ["@/server/**", "@/components/**", "@/app/**"],
                message: "lib and env import nothing of the app.",
              },
            ],
          },
        ],
      },
    },
    {
      // A folder of src/server that is not a layer above has no place in the architecture.
      files: ["src/server/*/**/*.ts"],
      ignores: Object.keys(LAYERS).map((layer) => `src/server/${layer}/**`),
      rules: {
        "no-restricted-syntax": [
          "error",
          { selector: "Program", message: 'src/server has only the folders of README, "Architecture".' },
        ],
      },
    },
    {
      files: ["src/server/*.ts"],
      rules: {
        "no-restricted-syntax": [
          "error",
          {
            selector: "Program",
            message: 'Every server file lives in a folder of src/server (README, "Architecture").',
          },
        ],
      },
    },
    ...folders,
  ];
}
