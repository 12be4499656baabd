"use client";

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
  return (
    <fieldset className="stack fieldset">
      <label>
        Authentication
        <select value={draft.type} onChange={(e) => onChange({ ...draft, type: e.target.value as AuthType })}>
          {(Object.keys(LABELS) as AuthType[]).map((t) => (
            <option key={t} value={t}>
              {LABELS[t]}
            </option>
          ))}
        </select>
      </label>
      {draft.type === "bearer" && (
        <label>
          Token
          <input
            type="password"
            autoComplete="off"
            placeholder={placeholder}
            value={draft.token}
            onChange={(e) => onChange({ ...draft, token: e.target.value })}
            aria-invalid={Boolean(errors["auth.token"])}
          />
          {errors["auth.token"] && <span className="field-error">{errors["auth.token"]}</span>}
        </label>
      )}
      {draft.type === "api_key" && (
        <div className="row wrap">
          <label className="grow">
            Header name
            <input
              value={draft.header}
              onChange={(e) => onChange({ ...draft, header: e.target.value })}
              aria-invalid={Boolean(errors["auth.header"])}
            />
            {errors["auth.header"] && <span className="field-error">{errors["auth.header"]}</span>}
          </label>
          <label className="grow">
            API key
            <input
              type="password"
              autoComplete="off"
              placeholder={placeholder}
              value={draft.value}
              onChange={(e) => onChange({ ...draft, value: e.target.value })}
              aria-invalid={Boolean(errors["auth.value"])}
            />
            {errors["auth.value"] && <span className="field-error">{errors["auth.value"]}</span>}
          </label>
        </div>
      )}
      {draft.type === "oauth" && (
        <div className="stack">
          <p className="muted small">
            You sign in on the server’s own page in a pop-up window; this app never sees your password. We find the
            server’s sign-in settings and register this app with it when it allows that.
          </p>
          <details open={Boolean(draft.clientId)}>
            <summary>Use an OAuth client of my own</summary>
            <div className="row wrap">
              <label className="grow">
                Client ID
                <input
                  value={draft.clientId}
                  autoComplete="off"
                  onChange={(e) => onChange({ ...draft, clientId: e.target.value, attemptId: "" })}
                />
              </label>
              <label className="grow">
                Client secret (optional)
                <input
                  type="password"
                  autoComplete="off"
                  value={draft.clientSecret}
                  onChange={(e) => onChange({ ...draft, clientSecret: e.target.value, attemptId: "" })}
                />
              </label>
            </div>
          </details>
        </div>
      )}
      {draft.type === "headers" && (
        <div className="stack">
          {draft.headers.map((h, i) => (
            <div className="row wrap" key={i}>
              <label className="grow">
                Header {i + 1} name
                <input
                  value={h.name}
                  onChange={(e) =>
                    onChange({
                      ...draft,
                      headers: draft.headers.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)),
                    })
                  }
                  aria-invalid={Boolean(errors[`auth.headers.${i}.name`])}
                />
                {errors[`auth.headers.${i}.name`] && (
                  <span className="field-error">{errors[`auth.headers.${i}.name`]}</span>
                )}
              </label>
              <label className="grow">
                Header {i + 1} value
                <input
                  type="password"
                  autoComplete="off"
                  placeholder={placeholder}
                  value={h.value}
                  onChange={(e) =>
                    onChange({
                      ...draft,
                      headers: draft.headers.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)),
                    })
                  }
                  aria-invalid={Boolean(errors[`auth.headers.${i}.value`])}
                />
                {errors[`auth.headers.${i}.value`] && (
                  <span className="field-error">{errors[`auth.headers.${i}.value`]}</span>
                )}
              </label>
              {draft.headers.length > 1 && (
                <button
                  type="button"
                  aria-label={`Remove header ${i + 1}`}
                  onClick={() => onChange({ ...draft, headers: draft.headers.filter((_, j) => j !== i) })}
                >
                  Remove
                </button>
              )}
            </div>
          ))}
          {errors["auth.headers"] && <span className="field-error">{errors["auth.headers"]}</span>}
          {draft.headers.length < 20 && (
            <button
              type="button"
              onClick={() => onChange({ ...draft, headers: [...draft.headers, { name: "", value: "" }] })}
            >
              Add header
            </button>
          )}
        </div>
      )}
    </fieldset>
  );
}
