import { DatabasesManager } from "@/components/databases/databases-manager";
import { PageHeader, PageMain } from "@/components/layout/page";

export const dynamic = "force-dynamic";

export default function DatabasesPage() {
  return (
    <PageMain>
      <PageHeader
        title="Databases"
        description="The agent explores these databases’ schemas and answers questions with read-only SQL it shows you."
      />
      <DatabasesManager />
    </PageMain>
  );
}
