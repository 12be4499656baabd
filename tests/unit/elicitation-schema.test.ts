// A server's requested form is untrusted: only what the MCP specification allows becomes a
// form, within limits, and answers are checked against it the same way in the browser and
// on the server.
import { describe, expect, it } from "vitest";
import { checkAnswer, checkValue, parseRequestedSchema, type ElicitField } from "@/lib/schemas/elicitation";

const fieldsOf = (properties: Record<string, unknown>, required?: string[]): ElicitField[] => {
  const r = parseRequestedSchema({ type: "object", properties, ...(required ? { required } : {}) });
  if (!r.ok) throw new Error(r.error);
  return r.fields;
};

describe("parseRequestedSchema", () => {
  it("turns every kind of field the spec allows into a form field, with titles and defaults", () => {
    const fields = fieldsOf(
      {
        name: { type: "string", title: "Name", minLength: 2, maxLength: 20, default: "Ada" },
        email: { type: "string", format: "email", description: "Work address" },
        age: { type: "integer", minimum: 0, maximum: 150, default: 36 },
        ratio: { type: "number", default: 0.5 },
        ok: { type: "boolean", default: true },
        size: { type: "string", enum: ["s", "m"], enumNames: ["Small", "Medium"], default: "m" },
        hero: { type: "string", oneOf: [{ const: "h1", title: "Superman" }, { const: "h2" }] },
        tags: { type: "array", items: { type: "string", enum: ["a", "b"] }, minItems: 1, maxItems: 2, default: ["a"] },
        fish: { type: "array", items: { anyOf: [{ const: "f1", title: "Tuna" }] } },
      },
      ["name"],
    );
    expect(fields).toEqual([
      { name: "name", title: "Name", required: true, kind: "text", minLength: 2, maxLength: 20, default: "Ada" },
      {
        name: "email",
        title: "email",
        required: false,
        description: "Work address",
        kind: "text",
        format: "email",
        maxLength: 10_000,
      },
      {
        name: "age",
        title: "age",
        required: false,
        kind: "number",
        integer: true,
        minimum: 0,
        maximum: 150,
        default: 36,
      },
      { name: "ratio", title: "ratio", required: false, kind: "number", integer: false, default: 0.5 },
      { name: "ok", title: "ok", required: false, kind: "boolean", default: true },
      {
        name: "size",
        title: "size",
        required: false,
        kind: "select",
        options: [
          { value: "s", label: "Small" },
          { value: "m", label: "Medium" },
        ],
        default: "m",
      },
      {
        name: "hero",
        title: "hero",
        required: false,
        kind: "select",
        options: [
          { value: "h1", label: "Superman" },
          { value: "h2", label: "h2" },
        ],
      },
      {
        name: "tags",
        title: "tags",
        required: false,
        kind: "multiselect",
        options: [
          { value: "a", label: "a" },
          { value: "b", label: "b" },
        ],
        minItems: 1,
        maxItems: 2,
        default: ["a"],
      },
      { name: "fish", title: "fish", required: false, kind: "multiselect", options: [{ value: "f1", label: "Tuna" }] },
    ]);
  });

  it("leaves out a default the field itself would refuse", () => {
    const [size, age] = fieldsOf({
      size: { type: "string", enum: ["s"], default: "xl" },
      age: { type: "integer", default: 1.5 },
    });
    expect(size).not.toHaveProperty("default");
    expect(age).not.toHaveProperty("default");
  });

  it.each([
    ["not an object schema", { type: "array" }, /not supported/],
    ["a nested object", { type: "object", properties: { a: { type: "object" } } }, /properties\.a/],
    ["a required field it does not define", { type: "object", properties: {}, required: ["x"] }, /requires “x”/],
    [
      "a repeated option",
      { type: "object", properties: { a: { type: "string", enum: ["x", "x"] } } },
      /repeats an option/,
    ],
    [
      "a repeated titled option",
      { type: "object", properties: { a: { type: "array", items: { anyOf: [{ const: "x" }, { const: "x" }] } } } },
      /repeats an option/,
    ],
    [
      "minLength above maxLength",
      { type: "object", properties: { a: { type: "string", minLength: 5, maxLength: 2 } } },
      /minLength above/,
    ],
    [
      "minimum above maximum",
      { type: "object", properties: { a: { type: "number", minimum: 5, maximum: 2 } } },
      /minimum above/,
    ],
    [
      "minItems above maxItems",
      { type: "object", properties: { a: { type: "array", items: { enum: ["x"] }, minItems: 3, maxItems: 1 } } },
      /minItems above/,
    ],
    [
      "a control character in a name",
      { type: "object", properties: { "a\u0007": { type: "string" } } },
      /not supported/,
    ],
    [
      "more than 30 fields",
      {
        type: "object",
        properties: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`f${i}`, { type: "boolean" }])),
      },
      /more than 30 fields/,
    ],
    [
      "too many options",
      { type: "object", properties: { a: { type: "string", enum: Array.from({ length: 101 }, (_, i) => `${i}`) } } },
      /not supported/,
    ],
    ["nothing at all", undefined, /not supported: schema/],
  ])("refuses %s", (_label, schema, error) => {
    const r = parseRequestedSchema(schema);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(error);
  });
});

describe("checkValue and checkAnswer", () => {
  const fields = fieldsOf(
    {
      name: { type: "string", minLength: 2, maxLength: 5 },
      email: { type: "string", format: "email" },
      site: { type: "string", format: "uri" },
      day: { type: "string", format: "date" },
      at: { type: "string", format: "date-time" },
      n: { type: "integer", minimum: 1, maximum: 3 },
      ok: { type: "boolean" },
      size: { type: "string", enum: ["s", "m"] },
      tags: { type: "array", items: { enum: ["a", "b", "c"] }, minItems: 1, maxItems: 2 },
    },
    ["name"],
  );
  const f = (name: string) => fields.find((x) => x.name === name)!;

  it.each([
    ["name", "A", "Enter at least 2 characters"],
    ["name", "Adaline", "Enter at most 5 characters"],
    ["name", 3, "Enter text"],
    ["email", "ada@", "Enter an email address"],
    ["site", "example.com", "Enter a full address such as https://…"],
    ["site", "http://", "Enter a full address such as https://…"],
    ["day", "2026-02-30", "Enter a date as YYYY-MM-DD"],
    ["day", "tomorrow", "Enter a date as YYYY-MM-DD"],
    ["at", "2026-12-07 10:00", "Enter a date and time"],
    ["n", 1.5, "Enter a whole number"],
    ["n", 0, "Enter 1 or more"],
    ["n", 4, "Enter 3 or less"],
    ["n", "2", "Enter a number"],
    ["ok", "yes", "Choose yes or no"],
    ["size", "xl", "Choose an option"],
    ["tags", ["z"], "Choose from the options"],
    ["tags", ["a", "a"], "Choose each option once"],
    ["tags", [], "Choose at least 1"],
    ["tags", ["a", "b", "c"], "Choose at most 2"],
  ])("%s = %j: %s", (name, value, problem) => {
    expect(checkValue(f(name), value)).toBe(problem);
  });

  it.each([
    ["email", "ada@example.com"],
    ["site", "https://example.com/x"],
    ["day", "2026-12-07"],
    ["at", "2026-12-07T10:00:00Z"],
    ["at", "2026-12-07T10:00+01:00"],
  ])("%s accepts %s", (name, value) => {
    expect(checkValue(f(name), value)).toBeNull();
  });

  it("keeps the valid answer, requires the required, refuses fields the form does not have", () => {
    expect(checkAnswer(fields, { name: "Ada", n: 2, tags: ["a"], email: "" })).toEqual({
      ok: true,
      content: { name: "Ada", n: 2, tags: ["a"] },
    });
    expect(checkAnswer(fields, { n: 2, admin: true })).toEqual({
      ok: false,
      errors: { name: "Required", admin: "This form has no such field" },
    });
    expect(checkAnswer(fields, [])).toEqual({ ok: false, errors: { _form: "The answer must be an object." } });
  });
});
