import { AnalyticsView } from "@/components/analytics/analytics-view";

export const dynamic = "force-dynamic";

export default function AnalyticsPage() {
  return (
    <main className="container">
      <AnalyticsView />
    </main>
  );
}
