"use client";

import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import type { AuthType } from "@/lib/schemas/connectors";

export type AuthDraft = {
  type: AuthType;
  token: string;
  header: string;
  value: string;
  headers: { name: string; value: string }[];
  /** OAuth: the finished sign-in to save with, and an optional client of the user's own. */
  attemptId: string;
  clientId: string;
  clientSecret: string;
};

export const emptyAuth: AuthDraft = {
  type: "none",
  token: "",
  header: "X-API-Key",
  value: "",
  headers: [{ name: "", value: "" }],
  attemptId: "",
  clientId: "",
  clientSecret: "",
};

/**
 * The auth object the API expects, from what the form holds. When editing, an empty
 * secret means "keep the saved one" and is left out.
 */
export function toAuth(d: AuthDraft, editing = false) {
  const secret = (v: string) => (editing && v === "" ? undefined : v);
  switch (d.type) {
    case "none":
      return { type: "none" as const };
    case "bearer":
      return { type: "bearer" as const, token: secret(d.token) };
    case "api_key":
      return { type: "api_key" as const, header: d.header, value: secret(d.value) };
    case "headers":
      return { type: "headers" as const, headers: d.headers.map((h) => ({ name: h.name, value: secret(h.value) })) };
    case "oauth":
      return { type: "oauth" as const, ...(d.attemptId ? { attemptId: d.attemptId } : {}) };
  }
}

/** The form's starting point for an existing connector: header names, no secrets. */
export function draftFrom(authType: AuthType, headerNames: string[], clientId: string | null = null): AuthDraft {
  return {
    ...emptyAuth,
    type: authType,
    clientId: clientId ?? "",
    header: authType === "api_key" ? (headerNames[0] ?? emptyAuth.header) : emptyAuth.header,
    headers:
      authType === "headers" && headerNames.length > 0
        ? headerNames.map((name) => ({ name, value: "" }))
        : emptyAuth.headers,
  };
}

const LABELS: Record<AuthType, string> = {
  none: "None",
  bearer: "Bearer token",
  api_key: "API key header",
  headers: "Custom headers",
  oauth: "OAuth sign-in",
};

export function AuthFields({
  draft,
  onChange,
  errors,
  secretSaved = false,
}: {
  draft: AuthDraft;
  onChange: (d: AuthDraft) => void;
  errors: Record<string, string>;
  /** Editing a connector whose secret is stored: empty fields keep it. */
  secretSaved?: boolean;
}) {
  const placeholder = secretSaved ? "Saved: leave empty to keep it" : undefined;
  const secret = (label: string, value: string, error: string | undefined, set: (v: string) => void) => (
    <Field label={label} error={error} className="min-w-0 grow basis-48">
      {(c) => (
        <Input
          {...c}
          type="password"
          autoComplete="off"
          placeholder={placeholder}
          value={value}
          onChange={(e) => set(e.target.value)}
        />
      )}
    </Field>
  );
  return (
    <fieldset className="flex min-w-0 flex-col gap-4">
      <legend className="sr-only">Authentication</legend>
      <Field label="Authentication">
        {(c) => (
          <Select {...c} value={draft.type} onChange={(e) => onChange({ ...draft, type: e.target.value as AuthType })}>
            {(Object.keys(LABELS) as AuthType[]).map((t) => (
              <option key={t} value={t}>
                {LABELS[t]}
              </option>
            ))}
          </Select>
        )}
      </Field>
      {draft.type === "bearer" &&
        secret("Token", draft.token, errors["auth.token"], (token) => onChange({ ...draft, token }))}
      {draft.type === "api_key" && (
        <div className="flex flex-wrap gap-3">
          <Field label="Header name" error={errors["auth.header"]} className="min-w-0 grow basis-48">
            {(c) => (
              <Input {...c} value={draft.header} onChange={(e) => onChange({ ...draft, header: e.target.value })} />
            )}
          </Field>
          {secret("API key", draft.value, errors["auth.value"], (value) => onChange({ ...draft, value }))}
        </div>
      )}
      {draft.type === "oauth" && (
        <div className="flex flex-col gap-3">
          <p className="text-sm text-muted">
            You sign in on the server’s own page in a pop-up window; this app never sees your password. We find the
            server’s sign-in settings and register this app with it when it allows that.
          </p>
          <details open={Boolean(draft.clientId)} className="rounded-lg border border-border px-3">
            <summary className="cursor-pointer py-2 text-sm font-medium">Use an OAuth client of my own</summary>
            <div className="flex flex-wrap gap-3 pb-3">
              <Field label="Client ID" className="min-w-0 grow basis-48">
                {(c) => (
                  <Input
                    {...c}
                    value={draft.clientId}
                    autoComplete="off"
                    onChange={(e) => onChange({ ...draft, clientId: e.target.value, attemptId: "" })}
                  />
                )}
              </Field>
              <Field label="Client secret (optional)" className="min-w-0 grow basis-48">
                {(c) => (
                  <Input
                    {...c}
                    type="password"
                    autoComplete="off"
                    value={draft.clientSecret}
                    onChange={(e) => onChange({ ...draft, clientSecret: e.target.value, attemptId: "" })}
                  />
                )}
              </Field>
            </div>
          </details>
        </div>
      )}
      {draft.type === "headers" && (
        <div className="flex flex-col gap-3">
          {draft.headers.map((h, i) => (
            <div className="flex flex-wrap items-end gap-3" key={i}>
              <Field
                label={`Header ${i + 1} name`}
                error={errors[`auth.headers.${i}.name`]}
                className="min-w-0 grow basis-40"
              >
                {(c) => (
                  <Input
                    {...c}
                    value={h.name}
                    onChange={(e) =>
                      onChange({
                        ...draft,
                        headers: draft.headers.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)),
                      })
                    }
                  />
                )}
              </Field>
              {secret(`Header ${i + 1} value`, h.value, errors[`auth.headers.${i}.value`], (value) =>
                onChange({ ...draft, headers: draft.headers.map((x, j) => (j === i ? { ...x, value } : x)) }),
              )}
              {draft.headers.length > 1 && (
                <Button
                  aria-label={`Remove header ${i + 1}`}
                  onClick={() => onChange({ ...draft, headers: draft.headers.filter((_, j) => j !== i) })}
                >
                  Remove
                </Button>
              )}
            </div>
          ))}
          {errors["auth.headers"] && <p className="text-sm text-danger">{errors["auth.headers"]}</p>}
          {draft.headers.length < 20 && (
            <Button
              className="self-start"
              onClick={() => onChange({ ...draft, headers: [...draft.headers, { name: "", value: "" }] })}
            >
              Add header
            </Button>
          )}
        </div>
      )}
    </fieldset>
  );
}
