// Breaking-change detection between a pinned API contract and the current one.
import type { JsonSchema } from "@/server/api/reference";

type Field = { type: string; required: boolean };

function typeOf(s: JsonSchema): string {
  if (Array.isArray(s.enum)) return `enum(${(s.enum as unknown[]).map(String).sort().join("|")})`;
  if ("const" in s) return `const(${String(s.const)})`;
  return typeof s.type === "string" ? s.type : Array.isArray(s.type) ? (s.type as string[]).join("|") : "any";
}

/** Every field of a schema by path ("auth/1.token", "tools[].name"), with type and requiredness. */
export function fields(
  schema: JsonSchema | null,
  prefix = "",
  required = true,
  out = new Map<string, Field>(),
): Map<string, Field> {
  if (!schema) return out;
  if (prefix) out.set(prefix, { type: typeOf(schema), required });
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  variants?.forEach((v, i) => fields(v, `${prefix}/${i}`, required, out));
  const props = schema.properties as Record<string, JsonSchema> | undefined;
  const req = new Set((schema.required as string[] | undefined) ?? []);
  for (const [name, sub] of Object.entries(props ?? {}))
    fields(sub, prefix ? `${prefix}.${name}` : name, req.has(name), out);
  if (schema.items && typeof schema.items === "object") fields(schema.items as JsonSchema, `${prefix}[]`, true, out);
  return out;
}

export type ContractEntry = { path: string; type: string; input: JsonSchema | null; output: JsonSchema | null };

/** What would break clients written against `pinned`, one sentence each. */
export function breakingChanges(pinned: ContractEntry[], current: ContractEntry[]): string[] {
  const now = new Map(current.map((c) => [c.path, c]));
  const problems: string[] = [];
  for (const old of pinned) {
    const cur = now.get(old.path);
    if (!cur) {
      problems.push(`${old.path}: procedure removed`);
      continue;
    }
    if (cur.type !== old.type) problems.push(`${old.path}: changed from ${old.type} to ${cur.type}`);
    const oldIn = fields(old.input);
    for (const [field, f] of fields(cur.input)) {
      const before = oldIn.get(field);
      if (f.required && (!before || !before.required))
        problems.push(`${old.path}: input field ${field} is now required`);
      else if (before && before.type !== f.type)
        problems.push(`${old.path}: input field ${field} changed type from ${before.type} to ${f.type}`);
    }
    const curOut = fields(cur.output);
    for (const [field, f] of fields(old.output)) {
      const after = curOut.get(field);
      if (!after) problems.push(`${old.path}: output field ${field} removed`);
      else if (after.type !== f.type)
        problems.push(`${old.path}: output field ${field} changed type from ${f.type} to ${after.type}`);
      else if (f.required && !after.required)
        problems.push(`${old.path}: output field ${field} is no longer always present`);
    }
  }
  return problems;
}
