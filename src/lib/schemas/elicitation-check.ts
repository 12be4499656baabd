// The user's answer to a server's question, checked against the form's fields: the same
// rules in the browser (before sending) and on the server (before the answer is recorded).
import type { ElicitContent, ElicitField, ElicitValue, StringFormat } from "./elicitation";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function validDate(v: string): boolean {
  const m = DATE.exec(v);
  if (!m) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.getUTCDate() === Number(m[3]);
}

function formatError(format: StringFormat, v: string): string | null {
  switch (format) {
    case "email":
      return EMAIL.test(v) ? null : "Enter an email address";
    case "uri":
      try {
        return /^[a-z][a-z0-9+.-]*:/i.test(v) && new URL(v) ? null : "Enter a full address such as https://…";
      } catch {
        return "Enter a full address such as https://…";
      }
    case "date":
      return validDate(v) ? null : "Enter a date as YYYY-MM-DD";
    case "date-time":
      return DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)) ? null : "Enter a date and time";
  }
}

/** Why `value` does not fit `field`, or null when it does. */
export function checkValue(field: ElicitField, value: unknown): string | null {
  switch (field.kind) {
    case "text":
      if (typeof value !== "string") return "Enter text";
      if (field.minLength !== undefined && value.length < field.minLength)
        return `Enter at least ${field.minLength} characters`;
      if (field.maxLength !== undefined && value.length > field.maxLength)
        return `Enter at most ${field.maxLength} characters`;
      return field.format ? formatError(field.format, value) : null;
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) return "Enter a number";
      if (field.integer && !Number.isInteger(value)) return "Enter a whole number";
      if (field.minimum !== undefined && value < field.minimum) return `Enter ${field.minimum} or more`;
      if (field.maximum !== undefined && value > field.maximum) return `Enter ${field.maximum} or less`;
      return null;
    case "boolean":
      return typeof value === "boolean" ? null : "Choose yes or no";
    case "select":
      return typeof value === "string" && field.options.some((o) => o.value === value) ? null : "Choose an option";
    case "multiselect":
      if (
        !Array.isArray(value) ||
        !value.every((v) => typeof v === "string" && field.options.some((o) => o.value === v))
      )
        return "Choose from the options";
      if (new Set(value).size !== value.length) return "Choose each option once";
      if (field.minItems !== undefined && value.length < field.minItems) return `Choose at least ${field.minItems}`;
      if (field.maxItems !== undefined && value.length > field.maxItems) return `Choose at most ${field.maxItems}`;
      return null;
  }
}

/** The user's answer checked against the form: the content to send, or an error per field. */
export function checkAnswer(
  fields: ElicitField[],
  content: unknown,
): { ok: true; content: ElicitContent } | { ok: false; errors: Record<string, string> } {
  if (!content || typeof content !== "object" || Array.isArray(content))
    return { ok: false, errors: { _form: "The answer must be an object." } };
  const errors: Record<string, string> = {};
  const out: ElicitContent = {};
  const given = content as Record<string, unknown>;
  for (const key of Object.keys(given))
    if (!fields.some((f) => f.name === key)) errors[key] = "This form has no such field";
  for (const f of fields) {
    const v = given[f.name];
    if (v === undefined || v === "") {
      if (f.required) errors[f.name] = "Required";
      continue;
    }
    const problem = checkValue(f, v);
    if (problem) errors[f.name] = problem;
    else out[f.name] = v as ElicitValue;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, content: out };
}
