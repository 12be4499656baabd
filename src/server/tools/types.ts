import type { z } from "zod";

export type ToolContext = { userId: string; conversationId?: string };

/** What a tool returns: text for the model, structured content for the UI and history. */
export type ToolOutput = { text: string; structured?: unknown };

export type SystemAgentTool = {
  /** Name sent to the model: [A-Za-z0-9_-], at most 64 characters. */
  name: string;
  title: string;
  description: string;
  input: z.ZodType;
  /** Actions with effects outside the app (sending mail) ask the user first. */
  requiresConfirmation?: boolean;
  run(ctx: ToolContext, args: unknown): Promise<ToolOutput>;
};

export type SystemToolId = "gmail" | "analytics" | "export" | "calendar";

export type SystemToolDefinition = {
  id: SystemToolId;
  name: string;
  description: string;
  status: "available" | "beta";
  /** oauth: the user signs in to a provider; builtin: works on the app's own data. */
  connect: "oauth" | "builtin";
  /** Why the tool cannot be connected on this deployment, or null when it can. */
  notConfigured(): string | null;
  agentTools: SystemAgentTool[];
};
