"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRef, useState, type FormEvent } from "react";
import { SignInRequest } from "@/lib/schemas/auth";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { CARD_CLASSES } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Field, Input, useFocusFirstError } from "@/components/ui/field";
import { OAuthButtons } from "./oauth-buttons";

/** Turns the code our credentials provider reports into a sentence for the form. */
export function signInErrorMessage(error: string): string {
  const [code, retry] = error.split(":");
  switch (code) {
    case "INVALID_CREDENTIALS":
    case "CredentialsSignin":
      return "Wrong email or password.";
    case "RATE_LIMITED":
      return `Too many failed sign-ins. Try again in ${retry ?? "a few"} seconds.`;
    case "VALIDATION":
      return "Enter a valid email address and your password.";
    case "OAuthAccountNotLinked":
      return "This email already has an account with a password. Sign in with your password.";
    default:
      return "Sign-in failed. Please try again.";
  }
}

export function SignInForm({
  callbackUrl,
  providers,
  oauthError,
}: {
  callbackUrl: string;
  providers: ("github" | "google")[];
  oauthError?: string;
}) {
  const [error, setError] = useState<string | null>(oauthError ? signInErrorMessage(oauthError) : null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, fieldErrors);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const parsed = SignInRequest.safeParse({ email: form.get("email"), password: form.get("password") });
    if (!parsed.success) {
      setFieldErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      setError(null);
      return;
    }
    setFieldErrors({});
    setPending(true);
    setError(null);
    const res = await signIn("credentials", { ...parsed.data, redirect: false, callbackUrl });
    if (!res || res.error) {
      setError(signInErrorMessage(res?.error ?? "unknown"));
      setPending(false);
      return;
    }
    window.location.assign(callbackUrl);
  }

  return (
    <form
      ref={formRef}
      method="post"
      className={cn(CARD_CLASSES, "flex flex-col gap-4")}
      onSubmit={onSubmit}
      noValidate
      aria-label="Sign in"
    >
      <h1 className="text-xl font-semibold">Sign in</h1>
      {error && (
        <Callout tone="danger" role="alert">
          {error}
        </Callout>
      )}
      <Field label="Email" error={fieldErrors.email}>
        {(c) => <Input {...c} name="email" type="email" autoComplete="email" />}
      </Field>
      <Field label="Password" error={fieldErrors.password}>
        {(c) => <Input {...c} name="password" type="password" autoComplete="current-password" />}
      </Field>
      <Button variant="primary" type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      <OAuthButtons providers={providers} callbackUrl={callbackUrl} />
      <p className="text-sm text-muted">
        New here? <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Create an account</Link>
      </p>
    </form>
  );
}
