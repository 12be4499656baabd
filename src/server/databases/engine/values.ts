// PostgreSQL's text output turned into values that survive JSON and a model's context:
// exact numbers stay strings, times become ISO 8601, binary and long text are cut short.
import type { SqlQuery, SqlSession } from "./session";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type ValueLimits = {
  /** Longest text (or JSON) kept whole, in characters. */
  maxTextLength: number;
  /** How many bytes of a bytea value are shown. */
  maxBytesShown: number;
};

export const DEFAULT_VALUE_LIMITS: ValueLimits = { maxTextLength: 500, maxBytesShown: 32 };

const OID = {
  bool: 16,
  bytea: 17,
  int8: 20,
  int2: 21,
  int4: 23,
  oid: 26,
  json: 114,
  float4: 700,
  float8: 701,
  timestamp: 1114,
  timestamptz: 1184,
  jsonb: 3802,
} as const;

const TIMESTAMP = /^(\d{4,}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)([+-]\d\d(?::\d\d){0,2})?$/;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

function isoTimestamp(text: string, withZone: boolean): string {
  const m = TIMESTAMP.exec(text);
  if (!m) return text; // infinity, BC dates: PostgreSQL's own spelling is clearest
  const [, date, time, offset] = m;
  if (!withZone || !offset) return `${date}T${time}`;
  if (/^[+-]00(:00){0,2}$/.test(offset)) return `${date}T${time}Z`;
  return `${date}T${time}${offset.length === 3 ? `${offset}:00` : offset}`;
}

/** One value, given its type OID and PostgreSQL's text output (null stays null). */
export function toJsonValue(
  typeOid: number,
  text: string | null,
  limits: ValueLimits = DEFAULT_VALUE_LIMITS,
): JsonValue {
  if (text === null) return null;
  switch (typeOid) {
    case OID.bool:
      return text === "t";
    case OID.int2:
    case OID.int4:
    case OID.oid:
      return Number(text);
    case OID.float4:
    case OID.float8: {
      const n = Number(text);
      return Number.isFinite(n) ? n : text; // NaN and ±Infinity have no JSON number
    }
    case OID.int8:
      return text; // beyond 2^53 a JSON number would silently change
    case OID.json:
    case OID.jsonb:
      return text.length > limits.maxTextLength ? cut(text, limits.maxTextLength) : (JSON.parse(text) as JsonValue);
    case OID.timestamp:
      return isoTimestamp(text, false);
    case OID.timestamptz:
      return isoTimestamp(text, true);
    case OID.bytea: {
      const bytes = (text.length - 2) / 2;
      return bytes > limits.maxBytesShown ? `${text.slice(0, 2 + limits.maxBytesShown * 2)}… (${bytes} bytes)` : text;
    }
    default:
      // numeric, money, dates, intervals, arrays, enums…: PostgreSQL's text is exact and readable
      return cut(text, limits.maxTextLength);
  }
}

const typeNameCache = new WeakMap<SqlSession, Map<number, string>>();

/** format_type() names of these type OIDs, looked up once per session. */
export async function typeNames(
  session: SqlSession,
  query: SqlQuery,
  oids: readonly number[],
): Promise<Map<number, string>> {
  let cache = typeNameCache.get(session);
  if (!cache) {
    cache = new Map<number, string>();
    typeNameCache.set(session, cache);
  }
  const missing = [...new Set(oids)].filter((oid) => !cache.has(oid));
  if (missing.length > 0) {
    const res = await query(
      "SELECT oid::text, format_type(oid, NULL) FROM pg_type WHERE oid = ANY (string_to_array($1, ',')::oid[])",
      [missing.join(",")],
    );
    for (const [oid, name] of res.rows) if (oid && name) cache.set(Number(oid), name);
  }
  return cache;
}
