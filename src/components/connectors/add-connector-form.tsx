"use client";

import { useMemo, useRef, useState, type FormEvent } from "react";
import { ConnectorCreateRequest, type ConnectorTestResponse, type TestStep } from "@/lib/schemas/connectors";
import { api, isApiError } from "@/trpc/react";
import { AuthFields, emptyAuth, toAuth, type AuthDraft } from "./auth-fields";
import { ConnectionTester } from "./connection-tester";

type Fields = { name: string; url: string; auth: AuthDraft };

function fieldErrors(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[i.path.map(String).join(".")] ??= i.message;
  return out;
}

/** The values a test covers; Save needs a passing test of exactly these. */
function fingerprint(f: Fields): string {
  return JSON.stringify({ url: f.url.trim(), auth: toAuth(f.auth) });
}

export function AddConnectorForm({ onSaved, onCancel }: { onSaved: () => void; onCancel: () => void }) {
  const [fields, setFields] = useState<Fields>({ name: "", url: "", auth: emptyAuth });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [steps, setSteps] = useState<TestStep[]>([]);
  const [result, setResult] = useState<ConnectorTestResponse | null>(null);
  const [testedFingerprint, setTestedFingerprint] = useState<string | null>(null);
  const [testing, setTesting] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const runId = useRef(0);
  const utils = api.useUtils();
  const create = api.connectors.create.useMutation();

  const current = useMemo(() => fingerprint(fields), [fields]);
  const testPassed = result?.ok === true && testedFingerprint === current;

  function update(next: Partial<Fields>) {
    setFields((f) => ({ ...f, ...next }));
    setFormError(null);
  }

  async function runTest() {
    const parsed = ConnectorCreateRequest.omit({ name: true }).safeParse({ url: fields.url, auth: toAuth(fields.auth) });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    setFormError(null);
    const id = ++runId.current;
    const tested = current;
    setSteps([]);
    setResult(null);
    setTesting(true);
    try {
      const events = await utils.client.connectors.testLive.mutate(parsed.data);
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
      if (id === runId.current) setFormError(isApiError(err) ? err.message : "The test could not be run. Please try again.");
    } finally {
      if (id === runId.current) setTesting(false);
    }
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    const parsed = ConnectorCreateRequest.safeParse({ name: fields.name, url: fields.url, auth: toAuth(fields.auth) });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    if (!testPassed) return;
    try {
      await create.mutateAsync(parsed.data);
    } catch (err) {
      if (isApiError(err) && err.data?.fieldErrors?.length) setErrors(fieldErrors(err.data.fieldErrors));
      else setFormError(isApiError(err) ? err.message : "Saving failed. Please try again.");
      return;
    }
    await utils.connectors.list.invalidate();
    onSaved();
  }

  const stale = result !== null && testedFingerprint !== current;
  return (
    <form className="stack" onSubmit={save} noValidate aria-label="Add a connector">
      <h2>Add a connector</h2>
      <label>
        Name
        <input value={fields.name} maxLength={60} onChange={(e) => update({ name: e.target.value })} aria-invalid={Boolean(errors.name)} placeholder="e.g. Team docs" />
        {errors.name && <span className="field-error">{errors.name}</span>}
      </label>
      <label>
        Server URL
        <input value={fields.url} onChange={(e) => update({ url: e.target.value })} aria-invalid={Boolean(errors.url)} placeholder="https://mcp.example.com/mcp" inputMode="url" />
        {errors.url && <span className="field-error">{errors.url}</span>}
      </label>
      <AuthFields draft={fields.auth} onChange={(auth) => update({ auth })} errors={errors} />
      <ConnectionTester running={testing} steps={steps} result={result} />
      {stale && <p className="muted">The values changed since the last test: test again before saving.</p>}
      {formError && (
        <div className="form-error" role="alert">
          {formError}
        </div>
      )}
      <div className="row end">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" onClick={() => void runTest()} disabled={testing || !fields.url.trim()}>
          {testing ? "Testing…" : "Test connection"}
        </button>
        <button type="submit" className="primary" disabled={!testPassed || create.isPending} title={testPassed ? undefined : "Run a passing connection test first"}>
          {create.isPending ? "Saving…" : "Save"}
        </button>
      </div>
    </form>
  );
}
