import { AppError } from "@/lib/errors";
import type { SystemToolId } from "@/lib/schemas/tools";
import { z } from "zod";

export type { SystemToolId };

export type ToolContext = { userId: string; conversationId?: string };

/** What a tool returns: text for the model, structured content for the UI and history. */
export type ToolOutput = { text: string; structured?: unknown };

export type SystemAgentTool = {
  /** Name sent to the model: [A-Za-z0-9_-], at most 64 characters. */
  name: string;
  title: string;
  description: string;
  /** The one schema of the tool's input: it parses every call and is what the model sees. */
  input: z.ZodType;
  /** `input` as JSON Schema (input side: defaults are optional), computed once. */
  readonly inputSchema: Record<string, unknown>;
  /** Actions with effects outside the app (sending mail) ask the user first. */
  requiresConfirmation?: boolean;
  /** Parses `args` with `input`, then runs the tool. */
  run(ctx: ToolContext, args: unknown): Promise<ToolOutput>;
};

/**
 * A system tool from one Zod schema: the JSON Schema the model is offered is derived from
 * the same schema that parses the call, so the two cannot drift apart.
 */
export function defineTool<I extends z.ZodType>(def: {
  name: string;
  title: string;
  description: string;
  input: I;
  requiresConfirmation?: boolean;
  run(ctx: ToolContext, args: z.output<I>): Promise<ToolOutput>;
}): SystemAgentTool {
  let schema: Record<string, unknown> | undefined;
  return {
    name: def.name,
    title: def.title,
    description: def.description,
    input: def.input,
    get inputSchema() {
      schema ??= z.toJSONSchema(def.input, { io: "input" }) as Record<string, unknown>;
      return schema;
    },
    ...(def.requiresConfirmation ? { requiresConfirmation: true } : {}),
    run(ctx, raw) {
      const parsed = def.input.safeParse(raw ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? `${issue.path.map(String).join(".")}: ` : "";
        return Promise.reject(
          new AppError("VALIDATION", `Invalid input for ${def.name}: ${where}${issue?.message ?? "invalid"}`),
        );
      }
      return def.run(ctx, parsed.data);
    },
  };
}

export type SystemToolDefinition = {
  id: SystemToolId;
  name: string;
  description: string;
  status: "available" | "beta";
  /** oauth: the user signs in to a provider; builtin: works on the app's own data. */
  connect: "oauth" | "builtin";
  /** Connected for every user until they disconnect it (the agent's own Databases tools). */
  connectedByDefault?: boolean;
  /** Why the tool cannot be connected on this deployment, or null when it can. */
  notConfigured(): string | null;
  /** Starts the provider's sign-in (connect: "oauth"). */
  authorize?(userId: string): Promise<{ authorizeUrl: string }>;
  /** Forgets the provider's sign-in (revoking what can be revoked). */
  disconnect?(userId: string): Promise<void>;
  agentTools: SystemAgentTool[];
};
