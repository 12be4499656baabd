// The API reference, generated from the routers' shared Zod schemas and their meta:
// rendered in the app (/dashboard/api), written to docs/api.md, and pinned by the
// contract tests (docs/api-contract.json).
import { ERROR_CODES, type AppErrorCode } from "@/lib/errors";
import { appRouter } from "@/server/api/root";
import type { ProcedureMeta } from "@/server/api/trpc";
import { httpStatusOf } from "@/server/platform/http-errors";
import { z } from "zod";

const OTHER_ROUTES: [string, string][] = [
  [
    "POST /api/agent/chat",
    "One chat turn, streamed as an AI SDK UI message stream. JSON errors: VALIDATION, UNAUTHENTICATED, MODEL_NOT_CONFIGURED, TOOL_UNAVAILABLE.",
  ],
  ["GET /api/tools/gmail/callback", "Gmail's OAuth popup lands here; the page reports to the opener and closes."],
  [
    "GET /api/connectors/oauth/callback/:issuer",
    "A connector's OAuth popup lands here (the authorization server's own address; the shared one without :issuer for clients registered outside the app); the page reports to the opener and closes.",
  ],
  ["GET /oauth/client-metadata.json", "This app's OAuth Client ID Metadata Document."],
  ["GET /api/export?kind=tool_calls|conversations&format=json|csv", "Streams the user's history as a download."],
  ["GET /api/export/results/:id?format=json|csv", "Downloads a result saved by the export tool."],
];

export type JsonSchema = Record<string, unknown>;
export type ProcedureReference = {
  path: string;
  type: "query" | "mutation" | "subscription";
  summary: string;
  auth: "public" | "signed-in";
  errors: string[];
  input: JsonSchema | null;
  output: JsonSchema | null;
};

type ProcedureDef = {
  type: ProcedureReference["type"];
  inputs: unknown[];
  output?: unknown;
  meta?: ProcedureMeta;
  middlewares: unknown[];
};

const PUBLIC = new Set(["account.signUp"]);

function toJsonSchema(schema: unknown, io: "input" | "output"): JsonSchema | null {
  if (!(schema instanceof z.ZodType)) return null;
  return z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    override: (ctx) => {
      const def = (ctx.zodSchema as { _zod: { def: { type: string } } })._zod.def;
      if (def.type === "date") Object.assign(ctx.jsonSchema, { type: "string", format: "date-time" });
    },
  });
}

export function apiReference(): ProcedureReference[] {
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>;
  return Object.entries(procedures)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, { _def }]) => ({
      path,
      type: _def.type,
      summary: _def.meta?.summary ?? "",
      auth: PUBLIC.has(path) ? "public" : "signed-in",
      errors: [
        ...new Set([...(_def.meta?.errors ?? []), ...(PUBLIC.has(path) ? [] : ["UNAUTHENTICATED"]), "INTERNAL"]),
      ].sort(),
      input: _def.inputs[0] ? toJsonSchema(_def.inputs[0], "input") : null,
      output: _def.output ? toJsonSchema(_def.output, "output") : null,
    }));
}

function schemaBlock(title: string, schema: JsonSchema | null): string {
  if (!schema) return `${title}: none\n`;
  const { $schema: _ignored, ...rest } = schema;
  return `${title}:\n\n\`\`\`json\n${JSON.stringify(rest, null, 2)}\n\`\`\`\n`;
}

export function apiMarkdown(procs = apiReference()): string {
  const lines = [
    "# API reference",
    "",
    "Generated from the tRPC routers by `npm run docs:api`; CI fails when this file is out of date.",
    "All procedures are served at `/api/trpc/<path>` (tRPC v11, superjson). Errors carry `data.appCode`.",
    "",
    "## Error codes",
    "",
    "The same code has the same HTTP status everywhere: in tRPC errors (`data.appCode`) and in the",
    'routes outside tRPC, which answer `{ "error": { "code", "message" } }`.',
    "",
    "| appCode | tRPC code | HTTP status |",
    "| --- | --- | --- |",
    ...Object.entries(ERROR_CODES).map(
      ([code, trpc]) => `| \`${code}\` | ${trpc} | ${httpStatusOf(code as AppErrorCode)} |`,
    ),
    "",
    "## Routes outside tRPC",
    "",
    "| Route | What it does |",
    "| --- | --- |",
    ...OTHER_ROUTES.map(([route, what]) => `| \`${route}\` | ${what} |`),
    "",
  ];
  for (const p of procs) {
    lines.push(
      `## \`${p.path}\` (${p.type}, ${p.auth})`,
      "",
      p.summary || "(no summary)",
      "",
      `Errors: ${p.errors.map((e) => `\`${e}\``).join(", ")}`,
      "",
    );
    lines.push(schemaBlock("Input", p.input), schemaBlock("Output", p.output));
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
