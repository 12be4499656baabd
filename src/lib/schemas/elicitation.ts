// Elicitation: a server asking the user for input mid-call. The server's requested schema
// is untrusted: it is reduced to the form fields the MCP specification allows (strings
// with a format, numbers, booleans, single and multi-select enums), within limits, and the
// user's answer is checked against those fields on the server as well as in the form.
import { z } from "zod";
import { checkValue } from "./elicitation-check";

export { checkAnswer, checkValue } from "./elicitation-check";

export const ELICIT_LIMITS = {
  fields: 30,
  options: 100,
  nameChars: 64,
  titleChars: 200,
  descriptionChars: 1_000,
  messageChars: 2_000,
  stringChars: 10_000,
  /** A URL question's id given by the server (named again by its completion notice). */
  remoteIdChars: 200,
} as const;

export const STRING_FORMATS = ["email", "uri", "date", "date-time"] as const;
export type StringFormat = (typeof STRING_FORMATS)[number];

export type ElicitOption = { value: string; label: string };

type Common = { name: string; title: string; description?: string; required: boolean };
export type ElicitField =
  | (Common & {
      kind: "text";
      format?: StringFormat;
      minLength?: number;
      maxLength?: number;
      default?: string;
    })
  | (Common & { kind: "number"; integer: boolean; minimum?: number; maximum?: number; default?: number })
  | (Common & { kind: "boolean"; default?: boolean })
  | (Common & { kind: "select"; options: ElicitOption[]; default?: string })
  | (Common & {
      kind: "multiselect";
      options: ElicitOption[];
      minItems?: number;
      maxItems?: number;
      default?: string[];
    });

export type ElicitValue = string | number | boolean | string[];
export type ElicitContent = Record<string, ElicitValue>;

const text = (max: number) => z.string().max(max);
const count = z.number().int().min(0).max(1_000_000);
const titled = z.object({ const: text(ELICIT_LIMITS.titleChars), title: text(ELICIT_LIMITS.titleChars).optional() });
const base = {
  title: text(ELICIT_LIMITS.titleChars).optional(),
  description: text(ELICIT_LIMITS.descriptionChars).optional(),
};
const plainOptions = z.array(text(ELICIT_LIMITS.titleChars)).min(1).max(ELICIT_LIMITS.options);
const titledOptions = z.array(titled).min(1).max(ELICIT_LIMITS.options);

const StringProp = z.object({
  ...base,
  type: z.literal("string"),
  format: z.enum(STRING_FORMATS).optional(),
  minLength: count.optional(),
  maxLength: count.optional(),
  enum: plainOptions.optional(),
  enumNames: z.array(text(ELICIT_LIMITS.titleChars)).max(ELICIT_LIMITS.options).optional(),
  oneOf: titledOptions.optional(),
  default: z.unknown().optional(),
});
const NumberProp = z.object({
  ...base,
  type: z.enum(["number", "integer"]),
  minimum: z.number().finite().optional(),
  maximum: z.number().finite().optional(),
  default: z.unknown().optional(),
});
const BooleanProp = z.object({ ...base, type: z.literal("boolean"), default: z.unknown().optional() });
const ArrayProp = z.object({
  ...base,
  type: z.literal("array"),
  minItems: count.optional(),
  maxItems: count.optional(),
  items: z.union([
    z.object({ type: z.literal("string").optional(), enum: plainOptions }),
    z.object({ anyOf: titledOptions }),
  ]),
  default: z.unknown().optional(),
});
const Prop = z.discriminatedUnion("type", [StringProp, NumberProp, BooleanProp, ArrayProp]);

const RequestedSchema = z.object({
  $schema: z.string().optional(),
  type: z.literal("object"),
  properties: z.record(
    z
      .string()
      .min(1)
      .max(ELICIT_LIMITS.nameChars)
      // eslint-disable-next-line no-control-regex
      .regex(/^[^\u0000-\u001f]+$/, "control characters in a field name"),
    Prop,
  ),
  required: z.array(z.string()).max(ELICIT_LIMITS.fields).optional(),
});

function unique(list: ElicitOption[]): boolean {
  return new Set(list.map((o) => o.value)).size === list.length;
}

function toOptions(values: (string | { const: string; title?: string })[], names?: string[]): ElicitOption[] {
  return values.map((v, i) =>
    typeof v === "string" ? { value: v, label: names?.[i] ?? v } : { value: v.const, label: v.title ?? v.const },
  );
}

function fieldOf(name: string, p: z.infer<typeof Prop>, required: boolean): ElicitField | string {
  const common: Common = {
    name,
    title: p.title?.trim() || name,
    required,
    ...(p.description ? { description: p.description } : {}),
  };
  let field: ElicitField;
  switch (p.type) {
    case "string": {
      const list = p.oneOf ? toOptions(p.oneOf) : p.enum ? toOptions(p.enum, p.enumNames) : null;
      if (list) {
        if (!unique(list)) return `“${name}” repeats an option`;
        field = { ...common, kind: "select", options: list };
      } else {
        if (p.minLength !== undefined && p.maxLength !== undefined && p.minLength > p.maxLength)
          return `“${name}” has minLength above maxLength`;
        field = {
          ...common,
          kind: "text",
          ...(p.format ? { format: p.format } : {}),
          ...(p.minLength !== undefined ? { minLength: p.minLength } : {}),
          maxLength: Math.min(p.maxLength ?? ELICIT_LIMITS.stringChars, ELICIT_LIMITS.stringChars),
        };
      }
      break;
    }
    case "number":
    case "integer":
      if (p.minimum !== undefined && p.maximum !== undefined && p.minimum > p.maximum)
        return `“${name}” has minimum above maximum`;
      field = {
        ...common,
        kind: "number",
        integer: p.type === "integer",
        ...(p.minimum !== undefined ? { minimum: p.minimum } : {}),
        ...(p.maximum !== undefined ? { maximum: p.maximum } : {}),
      };
      break;
    case "boolean":
      field = { ...common, kind: "boolean" };
      break;
    case "array": {
      const list = "anyOf" in p.items ? toOptions(p.items.anyOf) : toOptions(p.items.enum);
      if (!unique(list)) return `“${name}” repeats an option`;
      if (p.minItems !== undefined && p.maxItems !== undefined && p.minItems > p.maxItems)
        return `“${name}” has minItems above maxItems`;
      field = {
        ...common,
        kind: "multiselect",
        options: list,
        ...(p.minItems !== undefined ? { minItems: p.minItems } : {}),
        ...(p.maxItems !== undefined ? { maxItems: p.maxItems } : {}),
      };
      break;
    }
  }
  // A default the field itself would refuse is left out rather than prefilled (SEP-1034).
  if (p.default !== undefined && checkValue(field, p.default) === null)
    (field as { default?: unknown }).default = p.default;
  return field;
}

/** The form fields of a server's requested schema, or why it cannot be shown. */
export function parseRequestedSchema(raw: unknown): { ok: true; fields: ElicitField[] } | { ok: false; error: string } {
  const parsed = RequestedSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: `The requested form is not supported: ${issue?.path.join(".") || "schema"}: ${issue?.message ?? "invalid"}`,
    };
  }
  const entries = Object.entries(parsed.data.properties);
  if (entries.length > ELICIT_LIMITS.fields)
    return { ok: false, error: `The requested form has more than ${ELICIT_LIMITS.fields} fields.` };
  const required = new Set(parsed.data.required ?? []);
  const unknownRequired = [...required].find((r) => !Object.hasOwn(parsed.data.properties, r));
  if (unknownRequired !== undefined)
    return { ok: false, error: `The requested form requires “${unknownRequired}”, which it does not define.` };
  const fields: ElicitField[] = [];
  for (const [name, p] of entries) {
    const f = fieldOf(name, p, required.has(name));
    if (typeof f === "string") return { ok: false, error: `The requested form is not supported: ${f}.` };
    fields.push(f);
  }
  return { ok: true, fields };
}

export const ElicitAction = z.enum(["accept", "decline", "cancel"]);
export type ElicitAction = z.infer<typeof ElicitAction>;

export const ElicitationStatus = z.enum(["pending", "accepted", "declined", "cancelled", "expired"]);
export type ElicitationStatus = z.infer<typeof ElicitationStatus>;

/** What the chat and the direct-run view show of a server's question. */
export type ElicitationView = {
  id: string;
  connectorName: string;
  message: string;
  mode: "form" | "url";
  fields: ElicitField[];
  /** URL mode: where the server wants the user to go, and its host name shown before anything opens. */
  url?: string;
  domain?: string;
  expiresAt: string;
  status: ElicitationStatus;
  toolCallId?: string;
  /** URL mode: the server itself said the step in the browser is done (notifications/elicitation/complete). */
  completedByServer?: true;
};

export const AnswerElicitationInput = z.object({
  id: z.string().min(1).max(64),
  action: ElicitAction,
  content: z.record(z.string().max(ELICIT_LIMITS.nameChars), z.unknown()).optional(),
});
