import { timeAgo } from "@/lib/time-ago";

/** "5 min ago", with the exact time in the markup for machines and on hover. */
export function RelativeTime({ date }: { date: Date | string }) {
  const d = new Date(date);
  return (
    <time dateTime={d.toISOString()} title={d.toLocaleString()}>
      {timeAgo(d)}
    </time>
  );
}
