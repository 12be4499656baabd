"use client";

import "@xyflow/react/dist/style.css";
import { Background, Controls, Handle, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import { useMemo } from "react";
import type { DatabaseRelation, DatabaseSchemaResponse } from "@/lib/schemas/database-schema";
import { layoutSchema, MAX_DIAGRAM_COLUMNS, NODE_WIDTH, nodeId } from "./schema-layout";

type TableNode = Node<{ relation: DatabaseRelation; fkColumns: Set<string> }, "table">;

function TableBox({ data }: NodeProps<TableNode>) {
  const r = data.relation;
  const pk = new Set(r.primaryKey?.columns ?? []);
  const shown = r.columns.slice(0, MAX_DIAGRAM_COLUMNS);
  return (
    <div
      className="overflow-hidden rounded-lg border border-border bg-surface text-xs text-fg shadow-sm"
      style={{ width: NODE_WIDTH }}
      data-testid="diagram-table"
    >
      <Handle type="target" position={Position.Left} className="!bg-muted" />
      <div className="truncate border-b border-border bg-subtle px-2 py-2 font-semibold" title={nodeId(r)}>
        {r.schema === "public" ? r.name : nodeId(r)}
        {r.kind !== "table" && r.kind !== "partitioned_table" && (
          <span className="font-normal text-muted"> (view)</span>
        )}
      </div>
      <ul className="px-2 py-1">
        {shown.map((c) => (
          <li key={c.name} className="flex h-[22px] items-center gap-2">
            <span className="w-6 shrink-0 text-[10px] font-semibold text-muted">
              {pk.has(c.name) ? "PK" : data.fkColumns.has(c.name) ? "FK" : ""}
            </span>
            <span className="min-w-0 grow truncate">{c.name}</span>
            <span className="max-w-24 shrink-0 truncate text-muted">{c.type}</span>
          </li>
        ))}
        {r.columns.length > shown.length && (
          <li className="h-[22px] text-muted">+{r.columns.length - shown.length} more columns</li>
        )}
      </ul>
      <Handle type="source" position={Position.Right} className="!bg-muted" />
    </div>
  );
}

const nodeTypes = { table: TableBox };

/**
 * The foreign keys as a diagram (React Flow, laid out by dagre): a table points at the
 * tables it references. It pans and zooms inside its box, so the page never scrolls sideways.
 */
export function SchemaDiagram({
  relations,
  edges,
}: {
  relations: DatabaseRelation[];
  edges: DatabaseSchemaResponse["edges"];
}) {
  const { nodes, links } = useMemo(() => {
    const positions = layoutSchema(relations, edges);
    const nodes: TableNode[] = relations.map((r) => ({
      id: nodeId(r),
      type: "table",
      position: positions.get(nodeId(r)) ?? { x: 0, y: 0 },
      data: { relation: r, fkColumns: new Set(r.foreignKeys.flatMap((f) => f.columns)) },
      draggable: true,
      connectable: false,
      ariaLabel: `${r.schema}.${r.name}`,
    }));
    const known = new Set(nodes.map((n) => n.id));
    const links: Edge[] = edges
      .filter((e) => known.has(nodeId(e.from)) && known.has(nodeId(e.to)))
      .map((e) => ({
        id: `${nodeId(e.from)}:${e.name}`,
        source: nodeId(e.from),
        target: nodeId(e.to),
        label: e.from.columns.join(", "),
        ariaLabel: `${nodeId(e.from)} (${e.from.columns.join(", ")}) references ${nodeId(e.to)}`,
        type: "smoothstep",
      }));
    return { nodes, links };
  }, [relations, edges]);

  if (relations.length === 0) return <p className="text-sm text-muted">This database has no tables or views.</p>;
  return (
    <div
      className="h-[32rem] max-h-[70dvh] w-full overflow-hidden rounded-xl border border-border bg-subtle"
      data-testid="schema-diagram"
      role="figure"
      aria-label={`Diagram of ${relations.length} tables and views and ${links.length} foreign key${links.length === 1 ? "" : "s"}`}
    >
      <ReactFlow
        nodes={nodes}
        edges={links}
        nodeTypes={nodeTypes}
        fitView
        minZoom={0.1}
        nodesConnectable={false}
        elementsSelectable
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
