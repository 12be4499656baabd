"use client";

import { useRef, useState, type FormEvent } from "react";
import { fieldErrors, TestedSaveFooter, useTestedSave } from "@/components/connections/connection-form";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { DialogBody } from "@/components/ui/dialog";
import { Field, Input, useFocusFirstError } from "@/components/ui/field";
import { DatabaseConnectionInput, DatabaseName, type DatabaseResponse } from "@/lib/schemas/databases";
import { api, isApiError } from "@/trpc/react";
import { ConnectionFields, draftFrom, emptyConnection, toConnection, type ConnectionDraft } from "./connection-fields";
import { DatabaseTester } from "./database-tester";
import { useDatabaseTest } from "./use-database-test";

/** Field errors by the form's own names: the API's "connection.url" is "url" here. */
const UNGROUPED = ["connection"];

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
  const current = fingerprint(draft);
  const pending = create.isPending || update.isPending;
  const { connectionChanged, stale, canSave, saveNote } = useTestedSave({
    editing,
    fingerprint: current,
    nameChanged: name.trim() !== initial?.name,
    pending,
    test,
  });

  function change(next: Partial<ConnectionDraft>) {
    setDraft((d) => ({ ...d, ...next }));
    setFormError(null);
  }

  async function runTest() {
    const parsed = DatabaseConnectionInput.safeParse(toConnection(draft));
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues, UNGROUPED));
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
        ...(parsedConnection.success ? {} : fieldErrors(parsedConnection.error.issues, UNGROUPED)),
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
      if (isApiError(err) && err.data?.fieldErrors?.length) setErrors(fieldErrors(err.data.fieldErrors, UNGROUPED));
      else setFormError(isApiError(err) ? err.message : "Saving failed. Please try again.");
      return;
    }
    onSaved(saved);
  }

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
      <TestedSaveFooter
        noteId="database-save-note"
        saveNote={saveNote}
        onCancel={onCancel}
        testing={test.testing}
        onCancelTest={test.cancel}
        testActions={<Button onClick={() => void runTest()}>Test connection</Button>}
        canSave={canSave}
        pending={pending}
      />
    </form>
  );
}
