"use client";

import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox, Field, Input, Select, Textarea, useFocusFirstError } from "@/components/ui/field";

type Prop = { type?: string | string[]; description?: string; enum?: unknown[]; default?: unknown; title?: string };
type ObjectSchema = { properties?: Record<string, Prop>; required?: string[] };

function kindOf(p: Prop): "string" | "number" | "integer" | "boolean" | "enum" | "json" {
  if (Array.isArray(p.enum) && p.enum.every((e) => typeof e === "string")) return "enum";
  const t = Array.isArray(p.type) ? p.type.find((x) => x !== "null") : p.type;
  return t === "string" || t === "number" || t === "integer" || t === "boolean" ? t : "json";
}

/** A form generated from a tool's JSON Schema; values are converted back to typed arguments. */
export function SchemaForm({
  schema,
  onSubmit,
  pending,
  submitLabel,
}: {
  schema: Record<string, unknown>;
  onSubmit: (args: Record<string, unknown>) => void;
  pending: boolean;
  submitLabel: string;
}) {
  const s = schema as ObjectSchema;
  const props = Object.entries(s.properties ?? {});
  const required = new Set(s.required ?? []);
  const [values, setValues] = useState<Record<string, string | boolean>>(() =>
    Object.fromEntries(
      props.map(([k, p]) => [
        k,
        kindOf(p) === "boolean"
          ? Boolean(p.default)
          : p.default === undefined
            ? ""
            : typeof p.default === "string"
              ? p.default
              : JSON.stringify(p.default),
      ]),
    ),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, errors);

  function submit(e: FormEvent) {
    e.preventDefault();
    const args: Record<string, unknown> = {};
    const errs: Record<string, string> = {};
    for (const [k, p] of props) {
      const v = values[k];
      const kind = kindOf(p);
      if (kind === "boolean") {
        args[k] = Boolean(v);
        continue;
      }
      const text = typeof v === "string" ? v : "";
      if (text === "") {
        if (required.has(k)) errs[k] = "Required";
        continue;
      }
      if (kind === "number" || kind === "integer") {
        const n = Number(text);
        if (!Number.isFinite(n) || (kind === "integer" && !Number.isInteger(n)))
          errs[k] = kind === "integer" ? "Enter a whole number" : "Enter a number";
        else args[k] = n;
      } else if (kind === "json") {
        try {
          args[k] = JSON.parse(text) as unknown;
        } catch {
          errs[k] = "Enter valid JSON";
        }
      } else args[k] = text;
    }
    setErrors(errs);
    if (Object.keys(errs).length === 0) onSubmit(args);
  }

  return (
    <form ref={formRef} className="flex flex-col gap-3" onSubmit={submit} noValidate aria-label="Tool input">
      {props.length === 0 && <p className="text-sm text-muted">This tool takes no input.</p>}
      {props.map(([k, p]) => {
        const kind = kindOf(p);
        const label = `${p.title ?? k}${required.has(k) ? " *" : ""}`;
        const set = (v: string | boolean) => setValues({ ...values, [k]: v });
        if (kind === "boolean")
          return (
            <div key={k} className="flex flex-col gap-1">
              <Checkbox label={label} checked={Boolean(values[k])} onChange={(e) => set(e.target.checked)} />
              {p.description && <p className="text-xs text-muted">{p.description}</p>}
            </div>
          );
        return (
          <Field key={k} label={label} hint={p.description} error={errors[k]}>
            {(c) =>
              kind === "enum" ? (
                <Select {...c} value={String(values[k] ?? "")} onChange={(e) => set(e.target.value)}>
                  <option value="">Choose…</option>
                  {(p.enum as string[]).map((o) => (
                    <option key={o}>{o}</option>
                  ))}
                </Select>
              ) : kind === "json" ? (
                <Textarea
                  {...c}
                  rows={3}
                  value={String(values[k] ?? "")}
                  onChange={(e) => set(e.target.value)}
                  placeholder="JSON"
                />
              ) : (
                <Input
                  {...c}
                  inputMode={kind === "string" ? undefined : "decimal"}
                  value={String(values[k] ?? "")}
                  onChange={(e) => set(e.target.value)}
                />
              )
            }
          </Field>
        );
      })}
      <div className="flex justify-end">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Running…" : submitLabel}
        </Button>
      </div>
    </form>
  );
}
