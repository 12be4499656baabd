"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRef, useState, type FormEvent } from "react";
import { SignUpRequest } from "@/lib/schemas/auth";
import { api, isApiError } from "@/trpc/react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { CARD_CLASSES } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Field, Input, useFocusFirstError } from "@/components/ui/field";
import { OAuthButtons } from "./oauth-buttons";

export function SignUpForm({ callbackUrl, providers }: { callbackUrl: string; providers: ("github" | "google")[] }) {
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, fieldErrors);
  const signUp = api.account.signUp.useMutation();
  const [signingIn, setSigningIn] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const parsed = SignUpRequest.safeParse({
      name: form.get("name") || undefined,
      email: form.get("email"),
      password: form.get("password"),
    });
    if (!parsed.success) {
      setFieldErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      setError(null);
      return;
    }
    setFieldErrors({});
    setError(null);
    try {
      await signUp.mutateAsync(parsed.data);
    } catch (err) {
      const fields = isApiError(err) ? err.data?.fieldErrors : undefined;
      if (fields?.length) setFieldErrors(Object.fromEntries(fields.map((f) => [f.path[0] ?? "", f.message])));
      else setError(isApiError(err) ? err.message : "Could not create the account. Please try again.");
      return;
    }
    setSigningIn(true);
    const res = await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirect: false,
      callbackUrl,
    });
    if (!res || res.error) {
      setSigningIn(false);
      setError("Your account was created, but signing in failed. Please sign in.");
      return;
    }
    window.location.assign(callbackUrl);
  }

  const pending = signUp.isPending || signingIn;
  return (
    <form
      ref={formRef}
      method="post"
      className={cn(CARD_CLASSES, "flex flex-col gap-4")}
      onSubmit={onSubmit}
      noValidate
      aria-label="Create an account"
    >
      <h1 className="text-xl font-semibold">Create an account</h1>
      {error && (
        <Callout tone="danger" role="alert">
          {error}
        </Callout>
      )}
      <Field label="Name (optional)">{(c) => <Input {...c} name="name" autoComplete="name" />}</Field>
      <Field label="Email" error={fieldErrors.email}>
        {(c) => <Input {...c} name="email" type="email" autoComplete="email" />}
      </Field>
      <Field label="Password" error={fieldErrors.password}>
        {(c) => <Input {...c} name="password" type="password" autoComplete="new-password" />}
      </Field>
      <Button variant="primary" type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating your account…" : "Create account"}
      </Button>
      <OAuthButtons providers={providers} callbackUrl={callbackUrl} />
      <p className="text-sm text-muted">
        Already have an account? <Link href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign in</Link>
      </p>
    </form>
  );
}
