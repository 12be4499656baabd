import type { DatabaseRelation } from "@/lib/schemas/database-schema";

export type RelationMatch = {
  relation: DatabaseRelation;
  /** Columns whose name, type or comment matched (all of them when the table itself did). */
  columns: Set<string>;
  /** The table or view matched by its name or comment, not only by some columns. */
  byName: boolean;
};

/** Every word must appear somewhere: in the relation's name or comment, or in one column. */
export function searchRelations(relations: DatabaseRelation[], query: string): RelationMatch[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return relations.map((relation) => ({ relation, columns: new Set(), byName: true }));
  const out: RelationMatch[] = [];
  for (const relation of relations) {
    const own = `${relation.schema}.${relation.name} ${relation.comment ?? ""}`.toLowerCase();
    const columnText = relation.columns.map((c) => ({
      name: c.name,
      text: `${c.name} ${c.type} ${c.comment ?? ""}`.toLowerCase(),
    }));
    const all = `${own} ${columnText.map((c) => c.text).join(" ")}`;
    if (!words.every((w) => all.includes(w))) continue;
    const byName = words.every((w) => own.includes(w));
    const columns = new Set(
      columnText.filter((c) => words.some((w) => c.text.includes(w) && !own.includes(w))).map((c) => c.name),
    );
    out.push({ relation, columns, byName });
  }
  // Tables found by name first, then by their columns.
  return out.sort((a, b) => Number(b.byName) - Number(a.byName));
}
