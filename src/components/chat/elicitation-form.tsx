"use client";

import { ExternalLink, MessageCircleQuestion } from "lucide-react";
import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Checkbox, Field, Input, Select, useFocusFirstError } from "@/components/ui/field";
import {
  checkAnswer,
  type ElicitAction,
  type ElicitationStatus,
  type ElicitationView,
  type ElicitField,
} from "@/lib/schemas/elicitation";
import { api, isApiError } from "@/trpc/react";

type Draft = Record<string, string | boolean | string[]>;

const INPUT_TYPE = { email: "email", uri: "url", date: "date", "date-time": "datetime-local" } as const;

/** "2026-12-07T14:30:00Z" as the local "2026-12-07T15:30" a datetime-local input shows. */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

function initialDraft(fields: ElicitField[]): Draft {
  const draft: Draft = {};
  for (const f of fields) {
    if (f.kind === "boolean") draft[f.name] = f.default ?? false;
    else if (f.kind === "multiselect") draft[f.name] = f.default ?? [];
    else if (f.kind === "number") draft[f.name] = f.default === undefined ? "" : String(f.default);
    else if (f.kind === "text" && f.format === "date-time")
      draft[f.name] = f.default === undefined ? "" : toLocalInput(f.default);
    else draft[f.name] = f.default ?? "";
  }
  return draft;
}

/** The draft as the answer's content: typed values, empty fields left out. */
function contentOf(fields: ElicitField[], draft: Draft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = draft[f.name];
    if (f.kind === "boolean" || f.kind === "multiselect") {
      if (f.kind === "multiselect" && (v as string[]).length === 0 && !f.required) continue;
      out[f.name] = v;
    } else if (typeof v === "string" && v !== "") {
      if (f.kind === "number") out[f.name] = Number(v);
      else if (f.kind === "text" && f.format === "date-time") {
        const d = new Date(v);
        out[f.name] = Number.isNaN(d.getTime()) ? v : d.toISOString();
      } else out[f.name] = v;
    }
  }
  return out;
}

const CLOSED: Record<Exclude<ElicitationStatus, "pending">, string> = {
  accepted: "You answered.",
  declined: "You declined.",
  cancelled: "Cancelled.",
  expired: "Nobody answered in time, so it was cancelled.",
};

/** How a closed question reads; a finished page says who said it was done. */
function closedText(view: ElicitationView, status: Exclude<ElicitationStatus, "pending">): string {
  if (view.mode !== "url" || status !== "accepted") return CLOSED[status];
  return view.completedByServer ? `${view.connectorName} says this step is done.` : "Done.";
}

function FieldInput({
  field: f,
  value,
  error,
  onChange,
}: {
  field: ElicitField;
  value: string | boolean | string[] | undefined;
  error?: string;
  onChange: (v: string | boolean | string[]) => void;
}) {
  const label = `${f.title}${f.required ? " *" : ""}`;
  if (f.kind === "boolean")
    return (
      <div className="flex flex-col gap-1">
        <Checkbox label={label} checked={Boolean(value)} onChange={(e) => onChange(e.target.checked)} />
        {f.description && <p className="text-xs text-muted">{f.description}</p>}
      </div>
    );
  if (f.kind === "multiselect") {
    const chosen = new Set(Array.isArray(value) ? value : []);
    return (
      <fieldset className="flex min-w-0 flex-col gap-1.5" aria-invalid={error ? true : undefined}>
        <legend className="mb-1 text-sm font-medium">{label}</legend>
        {f.description && <p className="text-xs text-muted">{f.description}</p>}
        {f.options.map((o) => (
          <Checkbox
            key={o.value}
            label={o.label}
            checked={chosen.has(o.value)}
            aria-invalid={error ? true : undefined}
            onChange={(e) =>
              onChange(f.options.map((x) => x.value).filter((x) => (x === o.value ? e.target.checked : chosen.has(x))))
            }
          />
        ))}
        {error && <p className="text-sm text-danger">{error}</p>}
      </fieldset>
    );
  }
  return (
    <Field label={label} hint={f.description} error={error}>
      {(c) =>
        f.kind === "select" ? (
          <Select {...c} value={String(value ?? "")} onChange={(e) => onChange(e.target.value)}>
            <option value="">Choose…</option>
            {f.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        ) : (
          <Input
            {...c}
            type={f.kind === "number" ? "text" : f.format ? INPUT_TYPE[f.format] : "text"}
            inputMode={f.kind === "number" ? "decimal" : undefined}
            value={String(value ?? "")}
            onChange={(e) => onChange(e.target.value)}
          />
        )
      }
    </Field>
  );
}

/**
 * A connector's server asking the user something during a tool call: a form built from
 * its (already checked) schema, or a page to open on another site once the user agrees.
 */
export function ElicitationCard({ view, onClosed }: { view: ElicitationView; onClosed?: () => void }) {
  const answer = api.agent.answerQuestion.useMutation();
  const [status, setStatus] = useState<ElicitationStatus>(view.status);
  const [draft, setDraft] = useState<Draft>(() => initialDraft(view.fields));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [opened, setOpened] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, errors);
  // The server's final word (answered elsewhere, timed out) replaces what this card knew.
  const shown = view.status !== "pending" ? view.status : status;

  async function send(action: ElicitAction, content?: Record<string, unknown>) {
    setFailure(null);
    try {
      const res = await answer.mutateAsync({ id: view.id, action, ...(content ? { content } : {}) });
      setStatus(res.status);
      onClosed?.();
    } catch (err) {
      setFailure(isApiError(err) ? err.message : "The answer could not be sent.");
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const checked = checkAnswer(view.fields, contentOf(view.fields, draft));
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    void send("accept", checked.content);
  }

  function open() {
    if (!view.url) return;
    window.open(view.url, "_blank", "noopener,noreferrer");
    setOpened(true);
  }

  const heading = `${view.connectorName} asks`;
  return (
    <section
      className="flex min-w-0 flex-col gap-3 rounded-xl border border-accent/40 bg-surface p-3"
      aria-label={heading}
      data-testid="elicitation"
      data-status={shown}
    >
      <div className="flex items-start gap-2">
        <MessageCircleQuestion aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-accent" />
        <div className="min-w-0">
          <p className="font-semibold break-words">{heading}</p>
          <p className="text-sm break-words whitespace-pre-wrap">{view.message}</p>
        </div>
      </div>
      {shown !== "pending" ? (
        <p className="text-sm text-muted" role="status">
          {closedText(view, shown)}
        </p>
      ) : view.mode === "url" ? (
        <div className="flex flex-col gap-2">
          <p className="text-sm">
            It wants you to open a page on <strong data-testid="elicitation-domain">{view.domain}</strong>. Nothing
            opens unless you agree.
          </p>
          <p className="text-xs break-all text-muted">{view.url}</p>
          <div className="flex flex-wrap gap-2">
            {opened ? (
              <>
                <Button variant="primary" disabled={answer.isPending} onClick={() => void send("accept")}>
                  Done
                </Button>
                <Button onClick={open}>
                  <ExternalLink aria-hidden="true" className="size-4" /> Open again
                </Button>
              </>
            ) : (
              <>
                <Button variant="primary" onClick={open}>
                  <ExternalLink aria-hidden="true" className="size-4" /> Open {view.domain}
                </Button>
                <Button disabled={answer.isPending} onClick={() => void send("decline")}>
                  Decline
                </Button>
              </>
            )}
            <Button variant="ghost" disabled={answer.isPending} onClick={() => void send("cancel")}>
              Cancel
            </Button>
          </div>
        </div>
      ) : (
        <form ref={formRef} className="flex flex-col gap-3" onSubmit={submit} noValidate aria-label={heading}>
          {view.fields.map((f) => (
            <FieldInput
              key={f.name}
              field={f}
              value={draft[f.name]}
              error={errors[f.name]}
              onChange={(v) => setDraft({ ...draft, [f.name]: v })}
            />
          ))}
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="ghost" disabled={answer.isPending} onClick={() => void send("cancel")}>
              Cancel
            </Button>
            <Button disabled={answer.isPending} onClick={() => void send("decline")}>
              Decline
            </Button>
            <Button type="submit" variant="primary" disabled={answer.isPending}>
              Submit
            </Button>
          </div>
        </form>
      )}
      {failure && (
        <Callout tone="danger" role="alert">
          {failure}
        </Callout>
      )}
    </section>
  );
}
