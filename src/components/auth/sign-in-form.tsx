"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { SignInRequest } from "@/lib/schemas/auth";
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
    <form method="post" className="card stack" onSubmit={onSubmit} noValidate aria-label="Sign in">
      <h1>Sign in</h1>
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
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
          autoComplete="current-password"
          aria-invalid={Boolean(fieldErrors.password)}
        />
        {fieldErrors.password && <span className="field-error">{fieldErrors.password}</span>}
      </label>
      <button className="primary" type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
      <OAuthButtons providers={providers} callbackUrl={callbackUrl} />
      <p className="muted">
        New here? <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Create an account</Link>
      </p>
    </form>
  );
}
