import { AnalyticsView } from "@/components/analytics/analytics-view";
import { PageMain } from "@/components/layout/page";

export const dynamic = "force-dynamic";

export default function AnalyticsPage() {
  return (
    <PageMain>
      <AnalyticsView />
    </PageMain>
  );
}
