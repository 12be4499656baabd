import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { appUrl } from "@/env";
import { safeCallbackPath } from "@/lib/safe-redirect";
import { enabledOAuthProviders } from "@/server/auth/options";
import { currentUser } from "@/server/auth/session";

export const dynamic = "force-dynamic";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl, "/dashboard", appUrl());
  if (await currentUser()) redirect(callbackUrl);
  return (
    <AuthShell>
      <SignInForm
        callbackUrl={callbackUrl}
        providers={enabledOAuthProviders()}
        oauthError={typeof params.error === "string" ? params.error : undefined}
      />
    </AuthShell>
  );
}
