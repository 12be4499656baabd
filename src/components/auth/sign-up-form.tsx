"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { SignUpRequest } from "@/lib/schemas/auth";
import { api, isApiError } from "@/trpc/react";
import { OAuthButtons } from "./oauth-buttons";

export function SignUpForm({ callbackUrl, providers }: { callbackUrl: string; providers: ("github" | "google")[] }) {
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
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
    <form method="post" className="card stack" onSubmit={onSubmit} noValidate aria-label="Create an account">
      <h1>Create an account</h1>
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      <label>
        Name <span className="muted">(optional)</span>
        <input name="name" autoComplete="name" />
      </label>
      <label>
        Email
        <input name="email" type="email" autoComplete="email" aria-invalid={Boolean(fieldErrors.email)} />
        {fieldErrors.email && <span className="field-error">{fieldErrors.email}</span>}
      </label>
      <label>
        Password
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          aria-invalid={Boolean(fieldErrors.password)}
        />
        {fieldErrors.password && <span className="field-error">{fieldErrors.password}</span>}
      </label>
      <button className="primary" type="submit" disabled={pending}>
        {pending ? "Creating your account…" : "Create account"}
      </button>
      <OAuthButtons providers={providers} callbackUrl={callbackUrl} />
      <p className="muted">
        Already have an account? <Link href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign in</Link>
      </p>
    </form>
  );
}
