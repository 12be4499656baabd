"use client";

import { useRef, useState, type FormEvent } from "react";
import {
  ConnectorAuthInput,
  ConnectorCreateRequest,
  ConnectorName,
  ConnectorUrl,
  type ConnectorResponse,
  type ConnectorTestResponse,
  type TestStep,
} from "@/lib/schemas/connectors";
import { z } from "zod";
import { api, isApiError } from "@/trpc/react";
import { AuthFields, draftFrom, emptyAuth, toAuth, type AuthDraft } from "./auth-fields";
import { ConnectionTester, type OAuthProgress } from "./connection-tester";
import { SignInRefused, signInWithPopup } from "./sign-in-popup";

type Fields = { name: string; url: string; auth: AuthDraft };

const FormValues = z.object({ name: ConnectorName, url: ConnectorUrl, auth: ConnectorAuthInput });

function fieldErrors(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[i.path.map(String).join(".")] ??= i.message;
  return out;
}

/**
 * Add a connector, or edit one (`initial`). Save needs a passing test of exactly the
 * current URL and auth, unless only the name changed.
 */
export function ConnectorForm({
  initial,
  onSaved,
  onCancel,
}: {
  initial?: ConnectorResponse;
  onSaved: () => void;
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
  const [steps, setSteps] = useState<TestStep[]>([]);
  const [result, setResult] = useState<ConnectorTestResponse | null>(null);
  const [testedFingerprint, setTestedFingerprint] = useState<string | null>(null);
  const [testing, setTesting] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [oauth, setOauth] = useState<OAuthProgress | null>(null);
  const runId = useRef(0);
  const utils = api.useUtils();
  const create = api.connectors.create.useMutation();
  const update = api.connectors.update.useMutation();

  // The client fields only matter for the next sign-in: the attempt stands for them.
  const fingerprint = (f: Fields) => JSON.stringify({ url: f.url.trim(), auth: toAuth(f.auth, editing) });
  const [initialFingerprint] = useState(() => fingerprint(start));
  const current = fingerprint(fields);
  const connectionChanged = !editing || current !== initialFingerprint;
  const testPassed = result?.ok === true && testedFingerprint === current;
  const canSave = connectionChanged ? testPassed : fields.name.trim() !== initial?.name;

  function update_(next: Partial<Fields>) {
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
    const id = ++runId.current;
    const tested = fingerprint(f);
    setSteps([]);
    setResult(null);
    setTesting(true);
    try {
      const events = await utils.client.connectors.testLive.mutate({
        ...parsed.data,
        ...(initial ? { connectorId: initial.id } : {}),
      });
      for await (const ev of events) {
        if (id !== runId.current) return; // a newer test started
        if (ev.type === "step") setSteps((s) => [...s, ev.step]);
        else {
          setResult(ev.result);
          setSteps(ev.result.steps);
          setTestedFingerprint(tested);
        }
      }
    } catch (err) {
      if (id === runId.current)
        setFormError(isApiError(err) ? err.message : "The test could not be run. Please try again.");
    } finally {
      if (id === runId.current) setTesting(false);
      // Testing a saved connector can change it (a refreshed or refused sign-in).
      if (initial) void utils.connectors.list.invalidate();
    }
  }

  /** OAuth: discovery, the sign-in popup, then the connection test with the new tokens. */
  async function signInAndTest() {
    const url = ConnectorUrl.safeParse(fields.url);
    if (!url.success) {
      setErrors(fieldErrors(url.error.issues.map((i) => ({ ...i, path: ["url"] }))));
      return;
    }
    setErrors({});
    setFormError(null);
    setResult(null);
    setSteps([]);
    ++runId.current;
    setTesting(true);
    setOauth({ phase: "discovering", steps: [] });
    const clientId = fields.auth.clientId.trim();
    try {
      const outcome = await signInWithPopup(
        () =>
          utils.client.connectors.oauthStart.mutate({
            url: url.data,
            ...(clientId
              ? { clientId, ...(fields.auth.clientSecret ? { clientSecret: fields.auth.clientSecret } : {}) }
              : {}),
          }),
        (s) => setOauth({ phase: "signing_in", steps: s.steps, issuer: s.issuer }),
      );
      if (!outcome.ok) {
        setOauth((o) => ({ ...(o ?? { steps: [] }), phase: "failed", message: outcome.message }));
        setTesting(false);
        return;
      }
      setOauth((o) => ({
        ...(o ?? { steps: [] }),
        phase: "signed_in",
        message: outcome.account ? `Signed in as ${outcome.account}.` : undefined,
      }));
      const next: Fields = { ...fields, auth: { ...fields.auth, attemptId: outcome.attemptId } };
      setFields(next);
      await runTest(next);
    } catch (err) {
      const steps =
        isApiError(err) && Array.isArray(err.data?.details?.steps)
          ? (err.data.details.steps as OAuthProgress["steps"])
          : [];
      setOauth({
        phase: "failed",
        steps,
        message:
          isApiError(err) || err instanceof SignInRefused
            ? err.message
            : "The sign-in could not be started. Please try again.",
      });
      setTesting(false);
    }
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
    try {
      if (initial) {
        const { name, url, auth } = FormValues.parse(values);
        await update.mutateAsync({ id: initial.id, name, ...(connectionChanged ? { url, auth } : {}) });
      } else {
        await create.mutateAsync(ConnectorCreateRequest.parse(values));
      }
    } catch (err) {
      if (isApiError(err) && err.data?.fieldErrors?.length) setErrors(fieldErrors(err.data.fieldErrors));
      else setFormError(isApiError(err) ? err.message : "Saving failed. Please try again.");
      return;
    }
    await utils.connectors.list.invalidate();
    onSaved();
  }

  const pending = create.isPending || update.isPending;
  const stale = result !== null && testedFingerprint !== current;
  const title = editing ? `Edit ${initial?.name}` : "Add a connector";
  return (
    <form
      method="post"
      className="stack"
      onSubmit={save}
      noValidate
      aria-label={editing ? "Edit connector" : "Add a connector"}
    >
      <h2>{title}</h2>
      <label>
        Name
        <input
          value={fields.name}
          maxLength={60}
          onChange={(e) => update_({ name: e.target.value })}
          aria-invalid={Boolean(errors.name)}
          placeholder="e.g. Team docs"
        />
        {errors.name && <span className="field-error">{errors.name}</span>}
      </label>
      <label>
        Server URL
        <input
          value={fields.url}
          onChange={(e) => update_({ url: e.target.value })}
          aria-invalid={Boolean(errors.url)}
          placeholder="https://mcp.example.com/mcp"
          inputMode="url"
        />
        {errors.url && <span className="field-error">{errors.url}</span>}
      </label>
      <AuthFields
        draft={fields.auth}
        onChange={(auth) => update_({ auth })}
        errors={errors}
        secretSaved={Boolean(initial?.hasCredentials) && fields.auth.type === initial?.authType}
      />
      <ConnectionTester
        running={testing && oauth?.phase !== "discovering" && oauth?.phase !== "signing_in"}
        steps={steps}
        result={result}
        oauth={fields.auth.type === "oauth" ? oauth : null}
      />
      {result?.oauth && fields.auth.type !== "oauth" && (
        <div className="row">
          <span className="grow muted">This server uses OAuth sign-in ({result.oauth.issuer}).</span>
          <button type="button" onClick={() => update_({ auth: { ...fields.auth, type: "oauth", attemptId: "" } })}>
            Use OAuth sign-in
          </button>
        </div>
      )}
      {stale && <p className="muted">The values changed since the last test: test again before saving.</p>}
      {editing && connectionChanged && !stale && !result && (
        <p className="muted">You changed the connection settings: test them before saving.</p>
      )}
      {formError && (
        <div className="form-error" role="alert">
          {formError}
        </div>
      )}
      <div className="row end">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        {(fields.auth.type !== "oauth" ||
          (editing && initial?.authType === "oauth" && fields.url.trim() === initial.url)) && (
          <button type="button" onClick={() => void runTest()} disabled={testing || !fields.url.trim()}>
            {testing ? "Testing…" : "Test connection"}
          </button>
        )}
        {fields.auth.type === "oauth" && (
          <button type="button" onClick={() => void signInAndTest()} disabled={testing || !fields.url.trim()}>
            {testing
              ? "Signing in…"
              : editing && initial?.authType === "oauth"
                ? "Sign in again and test"
                : "Sign in and test"}
          </button>
        )}
        <button
          type="submit"
          className="primary"
          disabled={!canSave || pending}
          title={canSave ? undefined : "Run a passing connection test first"}
        >
          {pending ? "Saving…" : "Save"}
        </button>
      </div>
    </form>
  );
}
