// Whether a connector URL seems to carry a secret in its path or query (an API key
// parameter, a long random token segment). Such a URL is a credential: the form says so,
// so people prefer the server's real authentication settings when it has them.

const SECRET_PARAM = /key|token|secret|passw|pwd|auth|sig|credential|session|bearer/i;
const SECRET_SEGMENT_BEFORE = /^(token|tokens|key|keys|secret|secrets|auth|s|t|k)$/i;

/** A long run of letters and digits mixed, as generated tokens are. */
function looksRandom(value: string): boolean {
  return value.length >= 20 && /^[A-Za-z0-9_\-.~+/=]+$/.test(value) && /[0-9]/.test(value) && /[A-Za-z]/.test(value);
}

/** What in the URL looks like a secret, in words ("the query parameter api_key"), or null. */
export function secretInUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  for (const [name, value] of url.searchParams) {
    if (value && (SECRET_PARAM.test(name) || looksRandom(value))) return `the query parameter ${name}`;
  }
  const segments = url.pathname.split("/").filter(Boolean).map(decodeSegment);
  for (const [i, segment] of segments.entries()) {
    const previous = segments[i - 1];
    if (looksRandom(segment) || (previous && SECRET_SEGMENT_BEFORE.test(previous) && segment.length >= 12))
      return "a long random part of its path";
  }
  return null;
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
