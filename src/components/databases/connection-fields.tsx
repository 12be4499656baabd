"use client";

import { Field, Input, Select, Textarea } from "@/components/ui/field";
import type { DatabaseConnectionInput, DatabaseResponse, DatabaseTlsMode } from "@/lib/schemas/databases";

/** The connection part of the database form, as typed (the port as text until parsed). */
export type ConnectionDraft = {
  mode: "url" | "fields";
  url: string;
  host: string;
  port: string;
  database: string;
  user: string;
  password: string;
  /** "" with a URL: its sslmode decides (require when it has none). */
  tls: DatabaseTlsMode | "";
  caCertificate: string;
};

export const emptyConnection: ConnectionDraft = {
  mode: "url",
  url: "",
  host: "",
  port: "5432",
  database: "",
  user: "",
  password: "",
  tls: "",
  caCertificate: "",
};

/** A saved database's settings for editing: separate fields, the password never sent back. */
export function draftFrom(c: NonNullable<DatabaseResponse["connection"]>): ConnectionDraft {
  return {
    ...emptyConnection,
    mode: "fields",
    host: c.host,
    port: String(c.port),
    database: c.database,
    user: c.user,
    tls: c.tls,
  };
}

/** What the API takes; an empty password is left out (when editing: keep the saved one). */
export function toConnection(d: ConnectionDraft): DatabaseConnectionInput {
  const ca = d.tls === "verify-full" && d.caCertificate.trim() ? { caCertificate: d.caCertificate } : {};
  if (d.mode === "url") return { type: "url", url: d.url, ...(d.tls ? { tls: d.tls } : {}), ...ca };
  return {
    type: "fields",
    host: d.host,
    port: d.port.trim() === "" ? Number.NaN : Number(d.port),
    database: d.database,
    user: d.user,
    ...(d.password ? { password: d.password } : {}),
    tls: d.tls || "require",
    ...ca,
  };
}

const TLS_HINT: Record<DatabaseTlsMode | "", string> = {
  "": "The URL’s sslmode decides; without one, the connection is encrypted (require).",
  disable: "Plain text: only for a server on a private network you trust.",
  require: "Encrypted, but the server’s certificate is not checked.",
  "verify-full": "Encrypted, and the certificate must be valid for the host name.",
};

/** URL or separate fields, TLS mode and an optional certificate authority. */
export function ConnectionFields({
  draft,
  onChange,
  errors,
  passwordSaved,
  caSaved,
}: {
  draft: ConnectionDraft;
  onChange: (next: Partial<ConnectionDraft>) => void;
  errors: Record<string, string>;
  passwordSaved: boolean;
  caSaved: boolean;
}) {
  const url = draft.mode === "url";
  return (
    <>
      <Field label="How to connect">
        {(c) => (
          <Select
            {...c}
            value={draft.mode}
            onChange={(e) => {
              const mode = e.target.value as ConnectionDraft["mode"];
              onChange({ mode, tls: mode === "fields" && draft.tls === "" ? "require" : draft.tls });
            }}
          >
            <option value="url">Connection URL</option>
            <option value="fields">Host, port, database and user</option>
          </Select>
        )}
      </Field>
      {url ? (
        <Field
          label="Connection URL"
          error={errors.url}
          hint="postgresql://user:password@host:5432/database?sslmode=require"
        >
          {(c) => (
            <Input
              {...c}
              value={draft.url}
              onChange={(e) => onChange({ url: e.target.value })}
              placeholder="postgresql://reader@db.example.com:5432/shop"
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
      ) : (
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-[1fr_7rem]">
          <Field
            label="Host"
            error={errors.host}
            hint="Private and local addresses are refused unless the administrator allows them."
          >
            {(c) => (
              <Input
                {...c}
                value={draft.host}
                onChange={(e) => onChange({ host: e.target.value })}
                placeholder="db.example.com"
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>
          <Field label="Port" error={errors.port}>
            {(c) => (
              <Input
                {...c}
                value={draft.port}
                onChange={(e) => onChange({ port: e.target.value })}
                inputMode="numeric"
                autoComplete="off"
              />
            )}
          </Field>
          <Field label="Database" error={errors.database} className="sm:col-span-2">
            {(c) => (
              <Input
                {...c}
                value={draft.database}
                onChange={(e) => onChange({ database: e.target.value })}
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>
          <Field label="User" error={errors.user}>
            {(c) => (
              <Input
                {...c}
                value={draft.user}
                onChange={(e) => onChange({ user: e.target.value })}
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>
          <Field
            label="Password"
            error={errors.password}
            className="sm:col-span-2"
            hint={passwordSaved ? "Leave empty to keep the saved password (same server and user only)." : undefined}
          >
            {(c) => (
              <Input
                {...c}
                type="password"
                value={draft.password}
                onChange={(e) => onChange({ password: e.target.value })}
                placeholder={passwordSaved ? "Saved (not shown)" : ""}
                autoComplete="new-password"
              />
            )}
          </Field>
        </div>
      )}
      <Field label="TLS" error={errors.tls} hint={TLS_HINT[draft.tls]}>
        {(c) => (
          <Select
            {...c}
            value={draft.tls}
            onChange={(e) => onChange({ tls: e.target.value as ConnectionDraft["tls"] })}
          >
            {url && <option value="">From the URL</option>}
            <option value="require">Require encryption</option>
            <option value="verify-full">Require encryption and verify the certificate</option>
            <option value="disable">No encryption</option>
          </Select>
        )}
      </Field>
      {draft.tls === "verify-full" && (
        <Field
          label="Certificate authority (optional)"
          error={errors.caCertificate}
          hint={
            caSaved
              ? "A certificate is saved: paste it again when you change the connection, or leave empty for the public authorities."
              : "PEM text of the authority that signed the server’s certificate; leave empty for the public authorities."
          }
        >
          {(c) => (
            <Textarea
              {...c}
              value={draft.caCertificate}
              onChange={(e) => onChange({ caCertificate: e.target.value })}
              placeholder="-----BEGIN CERTIFICATE-----"
              spellCheck={false}
            />
          )}
        </Field>
      )}
    </>
  );
}
