// Where to go after sign-in. Browsers strip tabs and newlines from URLs and read "\" as
// "/", so a string check lets "/\t/evil.example" through as "//evil.example"; the value is
// parsed as the browser would, against the app's own URL, and kept only on the same origin.
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Only paths on the app's own origin are followed after sign-in; anything else goes to the dashboard. */
export function safeCallbackPath(value: unknown, fallback = "/dashboard", appUrl = "http://localhost"): string {
  if (typeof value !== "string" || !value.startsWith("/") || CONTROL.test(value) || value.includes("\\"))
    return fallback;
  let base: URL;
  let target: URL;
  try {
    base = new URL(appUrl);
    target = new URL(value, base);
  } catch {
    return fallback;
  }
  if (target.origin !== base.origin || value.startsWith("//")) return fallback;
  return `${target.pathname}${target.search}${target.hash}`;
}
