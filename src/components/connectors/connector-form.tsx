"use client";

import { useRef, useState, type FormEvent } from "react";
import { z } from "zod";
import { fieldErrors, TestedSaveFooter, useTestedSave } from "@/components/connections/connection-form";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { DialogBody } from "@/components/ui/dialog";
import { Field, Input, useFocusFirstError } from "@/components/ui/field";
import {
  ConnectorAuthInput,
  ConnectorCreateRequest,
  ConnectorName,
  ConnectorUrl,
  type ConnectorResponse,
} from "@/lib/schemas/connectors";
import { secretInUrl } from "@/lib/url-secrets";
import { api, isApiError } from "@/trpc/react";
import { AuthFields, draftFrom, emptyAuth, toAuth, type AuthDraft } from "./auth-fields";
import { ConnectionTester } from "./connection-tester";
import { useConnectionTest } from "./use-connection-test";

type Fields = { name: string; url: string; auth: AuthDraft };

const FormValues = z.object({ name: ConnectorName, url: ConnectorUrl, auth: ConnectorAuthInput });

/**
 * Add a connector, or edit one (`initial`). Save needs a passing test of exactly the
 * current URL and auth, unless only the name changed; when Save is unavailable the
 * footer says why, next to it.
 */
export function ConnectorForm({
  initial,
  onSaved,
  onCancel,
}: {
  initial?: ConnectorResponse;
  onSaved: (saved: ConnectorResponse) => void;
  onCancel: () => void;
}) {
  const editing = Boolean(initial);
  const start: Fields = initial
    ? {
        name: initial.name,
        url: initial.url,
        auth: draftFrom(initial.authType, initial.authHeaderNames, initial.oauth?.clientId),
      }
    : { name: "", url: "", auth: emptyAuth };
  const [fields, setFields] = useState<Fields>(start);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, errors);
  const test = useConnectionTest();
  const utils = api.useUtils();
  const create = api.connectors.create.useMutation();
  const update = api.connectors.update.useMutation();

  // The client fields only matter for the next sign-in: the attempt stands for them.
  const urlSecret = secretInUrl(fields.url);
  const fingerprint = (f: Fields) => JSON.stringify({ url: f.url.trim(), auth: toAuth(f.auth, editing) });
  const pending = create.isPending || update.isPending;
  const { connectionChanged, stale, canSave, saveNote } = useTestedSave({
    editing,
    fingerprint: fingerprint(fields),
    nameChanged: fields.name.trim() !== initial?.name,
    pending,
    test,
  });
  const oauth = fields.auth.type === "oauth";
  // Signing in again is only for the saved URL; anything else is a new sign-in.
  const keepsSavedSignIn = editing && initial?.authType === "oauth" && fields.url.trim() === initial.url;

  function change(next: Partial<Fields>) {
    setFields((f) => ({ ...f, ...next }));
    setFormError(null);
  }

  async function runTest(f: Fields = fields) {
    const parsed = FormValues.omit({ name: true }).safeParse({ url: f.url, auth: toAuth(f.auth, editing) });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    setFormError(null);
    await test.run({ ...parsed.data, ...(initial ? { connectorId: initial.id } : {}) }, fingerprint(f));
    // Testing a saved connector can change it (a refreshed or refused sign-in).
    if (initial) void utils.connectors.list.invalidate();
  }

  async function signInAndTest(reopen = false) {
    const url = ConnectorUrl.safeParse(fields.url);
    if (!url.success) {
      setErrors(fieldErrors(url.error.issues.map((i) => ({ ...i, path: ["url"] }))));
      return;
    }
    setErrors({});
    setFormError(null);
    const clientId = fields.auth.clientId.trim();
    const attemptId = reopen
      ? await test.reopen()
      : await test.signIn({
          url: url.data,
          ...(clientId
            ? { clientId, ...(fields.auth.clientSecret ? { clientSecret: fields.auth.clientSecret } : {}) }
            : {}),
        });
    if (!attemptId) return;
    const next: Fields = { ...fields, auth: { ...fields.auth, attemptId } };
    setFields(next);
    await runTest(next);
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    const values = { name: fields.name, url: fields.url, auth: toAuth(fields.auth, editing) };
    // Adding needs every secret; editing may leave them out to keep the saved ones.
    const parsed = initial ? FormValues.safeParse(values) : ConnectorCreateRequest.safeParse(values);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    if (!canSave) return;
    let saved: ConnectorResponse;
    try {
      if (initial) {
        const { name, url, auth } = FormValues.parse(values);
        saved = await update.mutateAsync({ id: initial.id, name, ...(connectionChanged ? { url, auth } : {}) });
      } else {
        saved = await create.mutateAsync(ConnectorCreateRequest.parse(values));
      }
    } catch (err) {
      if (isApiError(err) && err.data?.fieldErrors?.length) setErrors(fieldErrors(err.data.fieldErrors));
      else setFormError(isApiError(err) ? err.message : "Saving failed. Please try again.");
      return;
    }
    await utils.connectors.list.invalidate();
    onSaved(saved);
  }

  const testButton =
    oauth && !keepsSavedSignIn ? null : (
      <Button onClick={() => void runTest()} disabled={test.testing || !fields.url.trim()}>
        Test connection
      </Button>
    );
  const signInButton = oauth ? (
    <Button onClick={() => void signInAndTest()} disabled={test.testing || !fields.url.trim()}>
      {editing && initial?.authType === "oauth" ? "Sign in again and test" : "Sign in and test"}
    </Button>
  ) : null;

  return (
    <form
      ref={formRef}
      method="post"
      className="flex min-h-0 flex-1 flex-col"
      onSubmit={(e) => void save(e)}
      noValidate
      aria-label={editing ? "Edit connector" : "Add a connector"}
    >
      <DialogBody className="flex flex-col gap-4">
        <Field label="Name" error={errors.name}>
          {(c) => (
            <Input
              {...c}
              value={fields.name}
              maxLength={60}
              onChange={(e) => change({ name: e.target.value })}
              placeholder="e.g. Team docs"
            />
          )}
        </Field>
        <Field
          label="Server URL"
          error={errors.url}
          hint="The MCP endpoint, usually ending in /mcp (or /sse for older servers)."
        >
          {(c) => (
            <Input
              {...c}
              value={fields.url}
              onChange={(e) => change({ url: e.target.value })}
              placeholder="https://mcp.example.com/mcp"
              inputMode="url"
              autoComplete="url"
              spellCheck={false}
            />
          )}
        </Field>
        {urlSecret && (
          <Callout tone="warn" data-testid="url-secret-warning">
            This URL seems to contain a secret ({urlSecret}). It is stored encrypted and listed with that part hidden,
            but anyone who sees the full URL can use it: if the server offers a token or API key, choose that
            authentication below instead.
          </Callout>
        )}
        <AuthFields
          draft={fields.auth}
          onChange={(auth) => change({ auth })}
          errors={errors}
          secretSaved={Boolean(initial?.hasCredentials) && fields.auth.type === initial?.authType}
        />
        <ConnectionTester
          running={test.testing && test.oauth?.phase !== "discovering" && test.oauth?.phase !== "signing_in"}
          steps={test.steps}
          result={test.result}
          oauth={oauth ? test.oauth : null}
          stale={stale}
        />
        {oauth && test.oauth?.notNeeded && (
          <Button
            className="self-start"
            onClick={() => change({ auth: { ...fields.auth, type: "none", attemptId: "" } })}
          >
            Use no authentication
          </Button>
        )}
        {oauth && test.blocked && (
          <Button variant="primary" className="self-start" onClick={() => void signInAndTest(true)}>
            Open the sign-in window
          </Button>
        )}
        {test.result?.oauth && !oauth && !stale && (
          <Callout className="flex flex-wrap items-center gap-2">
            <span className="min-w-0 grow">This server uses OAuth sign-in ({test.result.oauth.issuer}).</span>
            <Button size="sm" onClick={() => change({ auth: { ...fields.auth, type: "oauth", attemptId: "" } })}>
              Use OAuth sign-in
            </Button>
          </Callout>
        )}
        {(formError ?? test.error) && (
          <Callout tone="danger" role="alert">
            {formError ?? test.error}
          </Callout>
        )}
      </DialogBody>
      <TestedSaveFooter
        noteId="save-note"
        saveNote={saveNote}
        onCancel={onCancel}
        testing={test.testing}
        onCancelTest={test.cancel}
        cancelTestLabel={test.oauth && test.oauth.phase !== "signed_in" ? "Cancel sign-in" : "Cancel test"}
        testActions={
          <>
            {testButton}
            {signInButton}
          </>
        }
        canSave={canSave}
        pending={pending}
      />
    </form>
  );
}
