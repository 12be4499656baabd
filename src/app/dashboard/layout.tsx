import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/layout/app-header";
import { currentUser } from "@/server/auth/session";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // The middleware already redirects; this guards against a misconfigured matcher.
  const user = await currentUser();
  if (!user) redirect("/signin?callbackUrl=%2Fdashboard");
  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader email={user.email ?? ""} />
      {children}
    </div>
  );
}
