"use client";

import { signIn } from "next-auth/react";

const LABELS = { github: "Continue with GitHub", google: "Continue with Google" } as const;

export function OAuthButtons({ providers, callbackUrl }: { providers: ("github" | "google")[]; callbackUrl: string }) {
  if (providers.length === 0) return null;
  return (
    <>
      <div className="divider">or</div>
      {providers.map((p) => (
        <button key={p} type="button" onClick={() => void signIn(p, { callbackUrl })}>
          {LABELS[p]}
        </button>
      ))}
    </>
  );
}
