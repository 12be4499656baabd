import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { currentUser } from "@/server/auth/session";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // The middleware already redirects; this guards against a misconfigured matcher.
  const user = await currentUser();
  if (!user) redirect("/signin?callbackUrl=%2Fdashboard");
  return (
    <>
      <header className="topbar">
        <Link className="brand" href="/dashboard">
          Connectors
        </Link>
        <div className="row">
          <span className="muted" data-testid="current-user">
            {user.email}
          </span>
          <SignOutButton />
        </div>
      </header>
      {children}
    </>
  );
}
