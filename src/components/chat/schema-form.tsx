"use client";

import { useState, type FormEvent } from "react";

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
    <form className="stack" onSubmit={submit} noValidate aria-label="Tool input">
      {props.length === 0 && <p className="muted small">This tool takes no input.</p>}
      {props.map(([k, p]) => {
        const kind = kindOf(p);
        const label = `${p.title ?? k}${required.has(k) ? " *" : ""}`;
        return (
          <label key={k} className={kind === "boolean" ? "switch" : undefined}>
            {kind !== "boolean" && label}
            {kind === "enum" ? (
              <select value={String(values[k] ?? "")} onChange={(e) => setValues({ ...values, [k]: e.target.value })}>
                <option value="">Choose…</option>
                {(p.enum as string[]).map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            ) : kind === "boolean" ? (
              <input
                type="checkbox"
                checked={Boolean(values[k])}
                onChange={(e) => setValues({ ...values, [k]: e.target.checked })}
              />
            ) : kind === "json" ? (
              <textarea
                rows={3}
                value={String(values[k] ?? "")}
                onChange={(e) => setValues({ ...values, [k]: e.target.value })}
                placeholder="JSON"
              />
            ) : (
              <input
                inputMode={kind === "string" ? undefined : "decimal"}
                value={String(values[k] ?? "")}
                onChange={(e) => setValues({ ...values, [k]: e.target.value })}
                aria-invalid={Boolean(errors[k])}
              />
            )}
            {kind === "boolean" && label}
            {p.description && <span className="muted small">{p.description}</span>}
            {errors[k] && <span className="field-error">{errors[k]}</span>}
          </label>
        );
      })}
      <div className="row end">
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Running…" : submitLabel}
        </button>
      </div>
    </form>
  );
}
