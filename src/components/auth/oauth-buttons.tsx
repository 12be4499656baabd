"use client";

import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";

const LABELS = { github: "Continue with GitHub", google: "Continue with Google" } as const;

export function OAuthButtons({ providers, callbackUrl }: { providers: ("github" | "google")[]; callbackUrl: string }) {
  if (providers.length === 0) return null;
  return (
    <>
      <div className="flex items-center gap-3 text-sm text-muted before:h-px before:flex-1 before:bg-border after:h-px after:flex-1 after:bg-border">
        or
      </div>
      {providers.map((p) => (
        <Button key={p} className="w-full" onClick={() => void signIn(p, { callbackUrl })}>
          {LABELS[p]}
        </Button>
      ))}
    </>
  );
}
