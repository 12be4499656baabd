/** "just now", "5 min ago", "3 h ago", "2 d ago". */
export function timeAgo(date: Date | null, now = Date.now()): string {
  if (!date) return "";
  const s = Math.round((now - new Date(date).getTime()) / 1000);
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}
