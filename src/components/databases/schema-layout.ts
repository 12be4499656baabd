// Where each table goes in the schema diagram: dagre ranks the foreign keys left to right,
// so a table sits to the left of the tables it references.
import { Graph, layout, type GraphLabel } from "@dagrejs/dagre";
import type { DatabaseRelation } from "@/lib/schemas/database-schema";

export const NODE_WIDTH = 240;
const HEADER = 36;
const ROW = 22;
/** Long tables are cut in the diagram; the table list has every column. */
export const MAX_DIAGRAM_COLUMNS = 12;

export type Edge = { name: string; from: { schema: string; table: string }; to: { schema: string; table: string } };

export const nodeId = (t: { schema: string; table?: string; name?: string }) => `${t.schema}.${t.table ?? t.name}`;

export function nodeHeight(r: DatabaseRelation): number {
  const rows = Math.min(r.columns.length, MAX_DIAGRAM_COLUMNS) + (r.columns.length > MAX_DIAGRAM_COLUMNS ? 1 : 0);
  return HEADER + rows * ROW + 8;
}

/** Top-left positions by node id. */
export function layoutSchema(relations: DatabaseRelation[], edges: Edge[]): Map<string, { x: number; y: number }> {
  const g = new Graph<GraphLabel, { width: number; height: number; x?: number; y?: number }, object>();
  g.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 90, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const r of relations) g.setNode(nodeId(r), { width: NODE_WIDTH, height: nodeHeight(r) });
  for (const e of edges) {
    const from = nodeId(e.from);
    const to = nodeId(e.to);
    if (from !== to && g.hasNode(from) && g.hasNode(to)) g.setEdge(from, to);
  }
  layout(g);
  const out = new Map<string, { x: number; y: number }>();
  for (const r of relations) {
    const n = g.node(nodeId(r));
    out.set(nodeId(r), { x: (n.x ?? 0) - NODE_WIDTH / 2, y: (n.y ?? 0) - nodeHeight(r) / 2 });
  }
  return out;
}
