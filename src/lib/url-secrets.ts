// Whether a connector URL seems to carry a secret in its path or query (an API key
// parameter, a long random token segment). Such a URL is a credential: the form says so,
// so people prefer the server's real authentication settings when it has them.

const SECRET_PARAM = /key|token|secret|passw|pwd|auth|sig|credential|session|bearer/i;
const SECRET_SEGMENT_BEFORE = /^(token|tokens|key|keys|secret|secrets|auth|s|t|k)$/i;

/** A long run of letters and digits mixed, as generated tokens are. */
function looksRandom(value: string): boolean {
  return value.length >= 20 && /^[A-Za-z0-9_\-.~+/=]+$/.test(value) && /[0-9]/.test(value) && /[A-Za-z]/.test(value);
}

const isSecretParam = (name: string, value: string) => value !== "" && (SECRET_PARAM.test(name) || looksRandom(value));
const isSecretSegment = (segment: string, previous: string | undefined) =>
  looksRandom(segment) || (previous !== undefined && SECRET_SEGMENT_BEFORE.test(previous) && segment.length >= 12);

/** What in the URL looks like a secret, in words ("the query parameter api_key"), or null. */
export function secretInUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  for (const [name, value] of url.searchParams) {
    if (isSecretParam(name, value)) return `the query parameter ${name}`;
  }
  const segments = url.pathname.split("/").map(decodeSegment);
  if (segments.some((segment, i) => segment && isSecretSegment(segment, segments[i - 1])))
    return "a long random part of its path";
  return null;
}

export const REDACTED = "****";

/** The URL with every part that looks secret replaced by ****, for lists and forms. */
export function redactUrl(raw: string): string {
  if (!secretInUrl(raw)) return raw;
  const url = new URL(raw.trim());
  const decoded = url.pathname.split("/").map(decodeSegment);
  url.pathname = url.pathname
    .split("/")
    .map((segment, i) => (decoded[i] && isSecretSegment(decoded[i], decoded[i - 1]) ? REDACTED : segment))
    .join("/");
  const params = [...url.searchParams].map(
    ([name, value]) =>
      `${encodeURIComponent(name)}=${isSecretParam(name, value) ? REDACTED : encodeURIComponent(value)}`,
  );
  url.search = params.length ? `?${params.join("&")}` : "";
  return url.href;
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
