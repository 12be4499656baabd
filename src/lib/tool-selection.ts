import { z } from "zod";

/** A tool the user picked in the Apps menu for the next message. */
export const ToolSelection = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("connector"),
    connectorId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Invalid connector id"),
    toolName: z.string().min(1).max(200),
  }),
  z.object({
    kind: z.literal("system"),
    toolId: z.string().regex(/^[a-z]{1,32}$/, "Invalid tool id"),
    toolName: z.string().min(1).max(64),
  }),
]);
export type ToolSelection = z.infer<typeof ToolSelection>;

export function selectionKey(s: ToolSelection): string {
  return s.kind === "connector" ? `c:${s.connectorId}:${s.toolName}` : `s:${s.toolId}:${s.toolName}`;
}
