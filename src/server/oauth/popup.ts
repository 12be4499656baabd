// The page an OAuth popup lands on (Gmail and connector sign-ins): it tells the window
// that opened it how the sign-in went, then closes; without an opener it says so and
// links back to where the user came from.
import { appUrl } from "@/env";

const SECURITY_HEADERS = { "x-content-type-options": "nosniff", "cache-control": "no-store" };

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export type PopupResult = {
  ok: boolean;
  message: string;
  /** Page title: what was being signed in. */
  title: string;
  /** Where "back" leads when the popup was opened without an opener. */
  back: { href: string; label: string };
  /** Facts for the opener (never secrets). */
  payload: Record<string, unknown>;
};

export function popupPage(r: PopupResult): Response {
  const origin = new URL(appUrl()).origin;
  const payload = JSON.stringify({ type: "connectors:oauth", ...r.payload, ok: r.ok, message: r.message }).replace(
    /</g,
    "\\u003c",
  );
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(r.title)}</title></head>
<body style="font-family: system-ui, sans-serif; padding: 2rem">
<p id="msg">${escapeHtml(r.message)}</p><p><a href="${escapeHtml(r.back.href)}">${escapeHtml(r.back.label)}</a></p>
<script>
  if (window.opener) { window.opener.postMessage(${payload}, ${JSON.stringify(origin)}); window.close(); }
</script></body></html>`;
  return new Response(html, {
    status: r.ok ? 200 : 400,
    headers: { "content-type": "text/html; charset=utf-8", ...SECURITY_HEADERS },
  });
}
