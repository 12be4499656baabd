// A tool's structured result checked against the output schema it declared. Both come
// from the server: a mismatch is reported to the user next to the result, never hidden,
// and a schema that cannot be compiled is reported the same way.
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";

const MAX_SCHEMA_CHARS = 100_000;
const validator = new AjvJsonSchemaValidator();
const compiled = new WeakMap<object, (value: unknown) => string | null>();

/** Why `value` does not match `schema`, or null when it does. */
export function structuredMismatch(schema: Record<string, unknown>, value: unknown): string | null {
  let check = compiled.get(schema);
  if (!check) {
    try {
      if (JSON.stringify(schema).length > MAX_SCHEMA_CHARS) throw new Error("it is too large");
      const validate = validator.getValidator(schema);
      check = (v) => {
        const r = validate(v);
        return r.valid ? null : `The result does not match the tool's output schema: ${r.errorMessage ?? "invalid"}`;
      };
    } catch (err) {
      const reason = (err as Error).message.slice(0, 200);
      check = () => `The tool's output schema could not be used (${reason}).`;
    }
    compiled.set(schema, check);
  }
  return check(value);
}
