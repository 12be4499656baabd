"use client";

import { useDeferredValue, useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { api } from "@/trpc/react";

export type CompletionRef = { type: "ref/resource"; uri: string } | { type: "ref/prompt"; name: string };
export type ArgumentSpec = { name: string; description?: string; required: boolean };

/** A text field whose suggestions come from the server (completion/complete), in a native list. */
function CompletionInput({
  connectorId,
  completionRef,
  name,
  value,
  context,
  onChange,
  control,
}: {
  connectorId: string;
  completionRef: CompletionRef;
  name: string;
  value: string;
  context: Record<string, string>;
  onChange: (v: string) => void;
  control: { id: string; "aria-invalid"?: true; "aria-describedby"?: string };
}) {
  const listId = useId();
  const [focused, setFocused] = useState(false);
  const typed = useDeferredValue(value);
  const others = Object.fromEntries(Object.entries(context).filter(([k, v]) => k !== name && v));
  const suggestions = api.mcp.complete.useQuery(
    { connectorId, ref: completionRef, argument: { name, value: typed }, context: others },
    { enabled: focused, staleTime: 30_000, retry: false },
  );
  return (
    <>
      <Input
        {...control}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onFocus={() => setFocused(true)}
        list={listId}
        autoComplete="off"
      />
      <datalist id={listId} data-testid={`suggestions-${name}`}>
        {(suggestions.data ?? []).map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
    </>
  );
}

/** The arguments of a prompt or the variables of a resource template, each with completion. */
export function ArgumentForm({
  connectorId,
  completionRef,
  fields,
  submitLabel,
  pending,
  onSubmit,
}: {
  connectorId: string;
  completionRef: CompletionRef;
  fields: ArgumentSpec[];
  submitLabel: string;
  pending: boolean;
  onSubmit: (values: Record<string, string>) => void;
}) {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.name, ""])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});

  function submit(e: FormEvent) {
    e.preventDefault();
    const missing = Object.fromEntries(
      fields.filter((f) => f.required && !values[f.name]?.trim()).map((f) => [f.name, `Fill in ${f.name}.`]),
    );
    setErrors(missing);
    if (Object.keys(missing).length) return;
    onSubmit(Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim())));
  }

  return (
    <form className="flex flex-col gap-3" onSubmit={submit} noValidate>
      {fields.map((f) => (
        <Field
          key={f.name}
          label={`${f.name}${f.required ? "" : " (optional)"}`}
          hint={f.description}
          error={errors[f.name]}
        >
          {(control) => (
            <CompletionInput
              connectorId={connectorId}
              completionRef={completionRef}
              name={f.name}
              value={values[f.name] ?? ""}
              context={values}
              onChange={(v) => setValues((old) => ({ ...old, [f.name]: v }))}
              control={control}
            />
          )}
        </Field>
      ))}
      <Button type="submit" variant="primary" className="self-start" disabled={pending}>
        {submitLabel}
      </Button>
    </form>
  );
}
