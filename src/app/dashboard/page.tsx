import { ConnectorsPanel } from "@/components/connectors/connectors-panel";
import { PageHeader, PageMain } from "@/components/layout/page";
import { serverApi } from "@/trpc/server";

export const dynamic = "force-dynamic";

export default async function DashboardPage() {
  const me = await (await serverApi()).account.me();
  return (
    <PageMain>
      <PageHeader
        title={`Welcome${me.name ? `, ${me.name}` : ""}`}
        description="Plug your own MCP servers into the agent and use them next to the built-in tools."
      />
      <ConnectorsPanel />
    </PageMain>
  );
}
