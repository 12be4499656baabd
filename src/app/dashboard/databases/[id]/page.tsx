import { SchemaBrowser } from "@/components/databases/schema-browser";
import { PageMain } from "@/components/layout/page";

export const dynamic = "force-dynamic";

export default async function DatabaseSchemaPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <PageMain>
      <SchemaBrowser id={decodeURIComponent(id)} />
    </PageMain>
  );
}
