"use client";

import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { DialogFooter } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";

/**
 * Field errors by the form's own names: the issue's path joined with dots, without the
 * segments the form does not show (the API's "connection.url" is "url" in a form that
 * has no "connection" group).
 */
export function fieldErrors(
  issues: { path: PropertyKey[]; message: string }[],
  ignore: string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const path = i.path.map(String).filter((p) => !ignore.includes(p));
    out[path.join(".")] ??= i.message;
  }
  return out;
}

/**
 * Whether a connection form may save: it needs a passing test of exactly the current
 * connection values (`fingerprint`), unless only the name changed. When it may not,
 * `saveNote` says why, in words.
 */
export function useTestedSave({
  editing,
  fingerprint,
  nameChanged,
  pending,
  test,
}: {
  editing: boolean;
  fingerprint: string;
  nameChanged: boolean;
  pending: boolean;
  test: { result: { ok: boolean } | null; testedFingerprint: string | null; testing: boolean };
}) {
  const [initialFingerprint] = useState(fingerprint);
  const connectionChanged = !editing || fingerprint !== initialFingerprint;
  const stale = test.result !== null && test.testedFingerprint !== fingerprint;
  const testPassed = test.result?.ok === true && !stale;
  const canSave = connectionChanged ? testPassed : nameChanged;
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
  return { connectionChanged, stale, canSave, saveNote };
}

/**
 * The footer of a connection form: why Save is unavailable (`saveNote`, with the id Save
 * points at), Cancel, the test's actions or, while it runs, a button that stops it, and Save.
 */
export function TestedSaveFooter({
  noteId,
  saveNote,
  onCancel,
  testing,
  onCancelTest,
  cancelTestLabel = "Cancel test",
  testActions,
  canSave,
  pending,
}: {
  noteId: string;
  saveNote: string | null;
  onCancel: () => void;
  testing: boolean;
  onCancelTest: () => void;
  cancelTestLabel?: string;
  /** Shown while no test runs. */
  testActions: ReactNode;
  canSave: boolean;
  pending: boolean;
}) {
  return (
    <DialogFooter note={saveNote && <span id={noteId}>{saveNote}</span>}>
      <Button onClick={onCancel}>Cancel</Button>
      {testing ? (
        <Button onClick={onCancelTest}>
          <Spinner />
          {cancelTestLabel}
        </Button>
      ) : (
        testActions
      )}
      <Button
        type="submit"
        variant="primary"
        disabled={!canSave || pending || testing}
        aria-describedby={saveNote ? noteId : undefined}
      >
        {pending && <Spinner />}
        {pending ? "Saving…" : "Save"}
      </Button>
    </DialogFooter>
  );
}
