import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { NavLinks } from "@/components/nav-links";
import { currentUser } from "@/server/auth/session";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // The middleware already redirects; this guards against a misconfigured matcher.
  const user = await currentUser();
  if (!user) redirect("/signin?callbackUrl=%2Fdashboard");
  return (
    <>
      <header className="topbar">
        <div className="row">
          <Link className="brand" href="/dashboard">
            Connectors
          </Link>
          <NavLinks />
        </div>
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
