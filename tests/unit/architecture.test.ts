// The architecture holds: the lint rules refuse an upward or sideways import between the
// folders of src/server, and today's import graph has no such edge and no folder loop.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { Linter } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import { importBoundaries, LAYERS } from "../../eslint.boundaries.mjs";

const linter = new Linter({ configType: "flat" });
const config = [
  { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser as Linter.Parser } },
  ...(importBoundaries() as Linter.Config[]),
];

function problems(file: string, code: string): string[] {
  return linter.verify(code, config, { filename: file }).map((m) => m.message);
}

describe("import boundaries (eslint.boundaries.mjs)", () => {
  it.each([
    ["src/server/db/x.ts", 'import { mcpPool } from "@/server/connectors/pool";'],
    ["src/server/platform/x.ts", 'import { prisma } from "@/server/db/client";'],
    ["src/server/connectors/x.ts", 'import { SYSTEM_TOOLS } from "@/server/tools/registry";'],
    ["src/server/tools/x.ts", 'import { mcpPool } from "@/server/connectors/pool";'],
    ["src/server/oauth/x.ts", 'import { currentUser } from "@/server/auth/session";'],
    ["src/server/auth/x.ts", 'import { discoverOAuth } from "@/server/oauth/discovery";'],
    ["src/server/connectors/x.ts", 'import { handleChat } from "@/server/agent/chat";'],
    ["src/server/agent/x.ts", 'import { appRouter } from "@/server/api/root";'],
    ["src/server/connectors/x.ts", 'import { prisma } from "../db/client";'],
    ["src/server/connectors/x.ts", 'import type { PrismaClient } from "@/server/db/generated/client";'],
    ["src/lib/x.ts", 'import { logger } from "@/server/platform/log";'],
    ["src/server/databases/x.ts", 'import { SYSTEM_TOOLS } from "@/server/tools/registry";'],
    ["src/server/databases/x.ts", 'import { mcpPool } from "@/server/connectors/pool";'],
    ["src/server/db/x.ts", 'import { runQuery } from "@/server/databases/engine/query";'],
    ["src/server/auth/x.ts", 'import { runQuery } from "@/server/databases/engine/query";'],
  ])("refuses %s importing %s", (file, code) => {
    expect(problems(file, code).length).toBeGreaterThan(0);
  });

  it.each([
    ["src/server/api/x.ts", 'import { handleChat } from "@/server/agent/chat";'],
    ["src/server/agent/x.ts", 'import { mcpPool } from "@/server/connectors/pool";'],
    ["src/server/agent/x.ts", 'import { SYSTEM_TOOLS } from "@/server/tools/registry";'],
    ["src/server/tools/x.ts", 'import { singleFlight } from "@/server/oauth/single-flight";'],
    ["src/server/db/x.ts", 'import { PrismaClient } from "./generated/client";'],
    ["src/server/oauth/x.ts", 'import { logger } from "@/server/platform/log";'],
    ["src/server/tools/x.ts", 'import { runQuery } from "@/server/databases/engine/query";'],
    ["src/server/api/x.ts", 'import { listDatabases } from "@/server/databases/service/list";'],
    ["src/server/ops/x.ts", 'import { prepareSample } from "@/server/databases/service/sample";'],
    ["src/server/databases/x.ts", 'import { listDatabases } from "@/server/db/databases";'],
  ])("allows %s importing %s", (file, code) => {
    expect(problems(file, code)).toEqual([]);
  });

  it("refuses a server file outside the architecture's folders", () => {
    expect(problems("src/server/helpers/x.ts", "export const x = 1;").length).toBeGreaterThan(0);
    expect(problems("src/server/x.ts", "export const x = 1;").length).toBeGreaterThan(0);
  });
});

describe("the import graph of src/server", () => {
  const root = path.resolve(import.meta.dirname, "../../src/server");
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? e.name === "generated"
          ? []
          : files(path.join(dir, e.name))
        : e.name.endsWith(".ts")
          ? [path.join(dir, e.name)]
          : [],
    );
  const edges = new Set<string>();
  for (const f of files(root)) {
    const from = path.relative(root, f).split(path.sep)[0]!;
    for (const m of readFileSync(f, "utf8").matchAll(/from "@\/server\/([a-z-]+)\//g)) {
      if (m[1] !== from) edges.add(`${from}>${m[1]}`);
    }
  }

  it("has only downward edges", () => {
    const layers = LAYERS;
    const upward = [...edges].filter((e) => {
      const [from, to] = e.split(">") as [string, string];
      return !layers[from]?.includes(to);
    });
    expect(upward).toEqual([]);
  });

  it("has no loop between folders", () => {
    const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
      [...edges].some((e) => {
        const [a, b] = e.split(">") as [string, string];
        if (a !== from || seen.has(b)) return false;
        seen.add(b);
        return b === to || reaches(b, to, seen);
      });
    const loops = Object.keys(LAYERS).filter((layer) => reaches(layer, layer));
    expect(loops).toEqual([]);
  });
});
