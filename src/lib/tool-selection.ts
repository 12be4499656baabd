import { z } from "zod";

/** A tool the user picked in the Apps menu for the next message. */
export const ToolSelection = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("connector"), connectorId: z.string().min(1).max(64), toolName: z.string().min(1).max(200) }),
  z.object({ kind: z.literal("system"), toolId: z.string().min(1).max(32), toolName: z.string().min(1).max(64) }),
]);
export type ToolSelection = z.infer<typeof ToolSelection>;

export function selectionKey(s: ToolSelection): string {
  return s.kind === "connector" ? `c:${s.connectorId}:${s.toolName}` : `s:${s.toolId}:${s.toolName}`;
}
