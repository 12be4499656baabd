import { redirect } from "next/navigation";
import { AccountSettings } from "@/components/account/account-settings";
import { PageHeader, PageMain } from "@/components/layout/page";
import { currentUser } from "@/server/auth/session";

export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const user = await currentUser();
  if (!user) redirect("/signin?callbackUrl=%2Fdashboard%2Faccount");
  return (
    <PageMain>
      <PageHeader title="Account" description={`Signed in as ${user.email ?? "you"}`} />
      <AccountSettings email={user.email ?? ""} />
    </PageMain>
  );
}
