"use client";

import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { DialogBody, DialogFooter } from "@/components/ui/dialog";
import { Field, Input, useFocusFirstError } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { DatabaseConnectionInput, DatabaseName, type DatabaseResponse } from "@/lib/schemas/databases";
import { api, isApiError } from "@/trpc/react";
import { ConnectionFields, draftFrom, emptyConnection, toConnection, type ConnectionDraft } from "./connection-fields";
import { DatabaseTester } from "./database-tester";
import { useDatabaseTest } from "./use-database-test";

/** Field errors by the form's own names ("connection.url" from the API is "url" here). */
function fieldErrors(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const path = i.path.map(String).filter((p) => p !== "connection");
    out[path.join(".")] ??= i.message;
  }
  return out;
}

/**
 * Add a PostgreSQL database, or edit one (`initial`). Save needs a passing test of exactly
 * the current connection values, unless only the name changed; when Save is unavailable
 * the footer says why, next to it.
 */
export function DatabaseForm({
  initial,
  onSaved,
  onCancel,
}: {
  initial?: DatabaseResponse;
  onSaved: (saved: DatabaseResponse) => void;
  onCancel: () => void;
}) {
  const editing = Boolean(initial);
  const [name, setName] = useState(initial?.name ?? "");
  const [draft, setDraft] = useState<ConnectionDraft>(() =>
    initial?.connection ? draftFrom(initial.connection) : emptyConnection,
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, errors);
  const test = useDatabaseTest();
  const create = api.databases.create.useMutation();
  const update = api.databases.update.useMutation();

  const fingerprint = (d: ConnectionDraft) => JSON.stringify(toConnection(d));
  const [initialFingerprint] = useState(() => fingerprint(draft));
  const current = fingerprint(draft);
  const connectionChanged = !editing || current !== initialFingerprint;
  const stale = test.result !== null && test.testedFingerprint !== current;
  const testPassed = test.result?.ok === true && !stale;
  const nameChanged = name.trim() !== initial?.name;
  const canSave = connectionChanged ? testPassed : nameChanged;
  const pending = create.isPending || update.isPending;

  function change(next: Partial<ConnectionDraft>) {
    setDraft((d) => ({ ...d, ...next }));
    setFormError(null);
  }

  async function runTest() {
    const parsed = DatabaseConnectionInput.safeParse(toConnection(draft));
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    setFormError(null);
    await test.run({ connection: parsed.data, ...(initial ? { databaseId: initial.id } : {}) }, current);
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    const parsedName = DatabaseName.safeParse(name);
    const parsedConnection = DatabaseConnectionInput.safeParse(toConnection(draft));
    if (!parsedName.success || !parsedConnection.success) {
      setErrors({
        ...(parsedConnection.success ? {} : fieldErrors(parsedConnection.error.issues)),
        ...(parsedName.success ? {} : { name: parsedName.error.issues[0]?.message ?? "Enter a name" }),
      });
      return;
    }
    if (!canSave) return;
    let saved: DatabaseResponse;
    try {
      saved = initial
        ? await update.mutateAsync({
            id: initial.id,
            name: parsedName.data,
            ...(connectionChanged ? { connection: parsedConnection.data } : {}),
          })
        : await create.mutateAsync({ name: parsedName.data, connection: parsedConnection.data });
    } catch (err) {
      if (isApiError(err) && err.data?.fieldErrors?.length) setErrors(fieldErrors(err.data.fieldErrors));
      else setFormError(isApiError(err) ? err.message : "Saving failed. Please try again.");
      return;
    }
    onSaved(saved);
  }

  // Why Save cannot be pressed yet, in words next to it (a tooltip is not enough).
  const saveNote = pending
    ? null
    : test.testing
      ? "Save waits for the test to finish."
      : canSave
        ? null
        : !connectionChanged
          ? "Nothing changed yet."
          : stale
            ? "The values changed since the last test: test again to save."
            : test.result && !test.result.ok
              ? "The test did not pass: fix the settings and test again."
              : editing
                ? "You changed the connection settings: test them before saving."
                : "Save needs a passing connection test of exactly these values.";

  return (
    <form
      ref={formRef}
      method="post"
      className="flex min-h-0 flex-1 flex-col"
      onSubmit={(e) => void save(e)}
      noValidate
      aria-label={editing ? "Edit database" : "Add a database"}
    >
      <DialogBody className="flex flex-col gap-4">
        <Callout data-testid="read-only-advice">
          <p>
            <strong>Connect as a read-only role.</strong> The agent runs every query in a read-only transaction, but a
            role that can only read is the safest, e.g.:
          </p>
          <pre tabIndex={0} className="mt-1 overflow-x-auto rounded bg-surface p-2 text-xs">
            <code>
              CREATE ROLE agent_reader LOGIN PASSWORD &apos;…&apos;;{"\n"}GRANT pg_read_all_data TO agent_reader;
            </code>
          </pre>
        </Callout>
        <Field label="Name" error={errors.name}>
          {(c) => (
            <Input
              {...c}
              value={name}
              maxLength={60}
              onChange={(e) => {
                setName(e.target.value);
                setFormError(null);
              }}
              placeholder="e.g. Production replica"
            />
          )}
        </Field>
        <ConnectionFields
          draft={draft}
          onChange={change}
          errors={errors}
          passwordSaved={Boolean(initial?.connection?.hasPassword)}
          caSaved={Boolean(initial?.connection?.hasCaCertificate)}
        />
        <DatabaseTester running={test.testing} steps={test.steps} result={test.result} stale={stale} />
        {(formError ?? test.error) && (
          <Callout tone="danger" role="alert">
            {formError ?? test.error}
          </Callout>
        )}
      </DialogBody>
      <DialogFooter note={saveNote && <span id="database-save-note">{saveNote}</span>}>
        <Button onClick={onCancel}>Cancel</Button>
        {test.testing ? (
          <Button onClick={test.cancel}>
            <Spinner />
            Cancel test
          </Button>
        ) : (
          <Button onClick={() => void runTest()}>Test connection</Button>
        )}
        <Button
          type="submit"
          variant="primary"
          disabled={!canSave || pending || test.testing}
          aria-describedby={saveNote ? "database-save-note" : undefined}
        >
          {pending && <Spinner />}
          {pending ? "Saving…" : "Save"}
        </Button>
      </DialogFooter>
    </form>
  );
}
