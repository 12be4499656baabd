"use client";

import { signIn, signOut } from "next-auth/react";
import { useRef, useState, type FormEvent } from "react";
import { ChangePasswordRequest } from "@/lib/schemas/auth";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { CARD_CLASSES } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Field, Input, useFocusFirstError } from "@/components/ui/field";
import { api, isApiError } from "@/trpc/react";

/**
 * Password change and "sign out everywhere". Both end every session of the account; after
 * a password change this browser signs in again with the new password, so only the other
 * devices are signed out.
 */
export function AccountSettings({ email }: { email: string }) {
  const changePassword = api.account.changePassword.useMutation();
  const signOutAll = api.account.signOutEverywhere.useMutation();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, fieldErrors);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const parsed = ChangePasswordRequest.safeParse({
      currentPassword: form.get("currentPassword"),
      newPassword: form.get("newPassword"),
    });
    setDone(false);
    setError(null);
    if (!parsed.success) {
      setFieldErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    setFieldErrors({});
    setPending(true);
    try {
      await changePassword.mutateAsync(parsed.data);
      const res = await signIn("credentials", { email, password: parsed.data.newPassword, redirect: false });
      if (!res || res.error) {
        window.location.assign("/signin?callbackUrl=%2Fdashboard%2Faccount");
        return;
      }
      formRef.current?.reset();
      setDone(true);
    } catch (err) {
      const code = isApiError(err) ? err.data?.appCode : undefined;
      if (code === "INVALID_CREDENTIALS") setFieldErrors({ currentPassword: "The current password is wrong." });
      else setError(isApiError(err) ? err.message : "The password could not be changed. Try again.");
    } finally {
      setPending(false);
    }
  }

  async function endAllSessions() {
    await signOutAll.mutateAsync();
    await signOut({ callbackUrl: "/signin" });
  }

  return (
    <div className="flex flex-col gap-6">
      <form
        ref={formRef}
        className={cn(CARD_CLASSES, "flex max-w-lg flex-col gap-4")}
        onSubmit={(e) => void onSubmit(e)}
        noValidate
        aria-labelledby="change-password-title"
      >
        <h2 id="change-password-title" className="text-lg font-semibold">
          Change password
        </h2>
        <p className="text-sm text-muted">Your other devices are signed out; this one stays signed in.</p>
        {error && (
          <Callout tone="danger" role="alert">
            {error}
          </Callout>
        )}
        {done && (
          <Callout tone="ok" role="status">
            Password changed. Every other session has been signed out.
          </Callout>
        )}
        {/* Lets password managers tie the new password to the account. */}
        <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
        <Field label="Current password" error={fieldErrors.currentPassword}>
          {(c) => <Input {...c} name="currentPassword" type="password" autoComplete="current-password" />}
        </Field>
        <Field label="New password" hint="At least 10 characters." error={fieldErrors.newPassword}>
          {(c) => <Input {...c} name="newPassword" type="password" autoComplete="new-password" />}
        </Field>
        <Button variant="primary" type="submit" className="self-start" disabled={pending}>
          {pending ? "Changing…" : "Change password"}
        </Button>
      </form>
      <section className={cn(CARD_CLASSES, "flex max-w-lg flex-col gap-3")} aria-labelledby="sessions-title">
        <h2 id="sessions-title" className="text-lg font-semibold">
          Sessions
        </h2>
        <p className="text-sm text-muted">
          Signed in somewhere you no longer use? Sign out on every device, this one included.
        </p>
        <Button className="self-start" onClick={() => void endAllSessions()} disabled={signOutAll.isPending}>
          {signOutAll.isPending ? "Signing out…" : "Sign out everywhere"}
        </Button>
      </section>
    </div>
  );
}
