import { ConnectorsPanel } from "@/components/connectors/connectors-panel";
import { serverApi } from "@/trpc/server";

export const dynamic = "force-dynamic";

export default async function DashboardPage() {
  const me = await (await serverApi()).account.me();
  return (
    <main className="container stack">
      <h1>Welcome{me.name ? `, ${me.name}` : ""}</h1>
      <p className="muted">Plug your own MCP servers into the agent and use them next to the built-in tools.</p>
      <ConnectorsPanel />
    </main>
  );
}
