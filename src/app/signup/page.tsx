import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { appUrl } from "@/env";
import { safeCallbackPath } from "@/lib/safe-redirect";
import { enabledOAuthProviders } from "@/server/auth/options";
import { currentUser } from "@/server/auth/session";

export const dynamic = "force-dynamic";

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl, "/dashboard", appUrl());
  if (await currentUser()) redirect(callbackUrl);
  return (
    <AuthShell>
      <SignUpForm callbackUrl={callbackUrl} providers={enabledOAuthProviders()} />
    </AuthShell>
  );
}
