// What a user's SQL must look like before it is sent: one statement, a query, no call to a
// function whose effect outlives a rolled-back transaction. This is the first of several
// layers (query.ts adds a read-only transaction, a cursor and a rollback), there to give a
// clear message early; the database remains the authority on what the SQL does.
import { AppError } from "@/lib/errors";

export type Token = {
  kind: "word" | "quoted" | "string" | "number" | "param" | "semicolon" | "punct";
  /** Words lower-cased, quoted identifiers unquoted, everything else as written. */
  value: string;
  start: number;
  end: number;
};

const IDENT_START = /[A-Za-z_\u0080-\uffff]/;
const IDENT_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

function unterminated(what: string): never {
  throw new AppError("VALIDATION", `The SQL has an unterminated ${what}.`);
}

/** Splits SQL into tokens the way PostgreSQL's lexer does, skipping whitespace and comments. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: Token["kind"], start: number, value = sql.slice(start, i)) =>
    tokens.push({ kind, value, start, end: i });
  // A quoted run ending at `close`, where a doubled `close` stands for itself.
  const quoted = (close: string, backslashEscapes: boolean, what: string) => {
    for (;;) {
      if (i >= sql.length) unterminated(what);
      const c = sql[i];
      if (backslashEscapes && c === "\\") i += 2;
      else if (c === close && sql[i + 1] === close) i += 2;
      else if (c === close) return void i++;
      else i++;
    }
  };
  while (i < sql.length) {
    const start = i;
    const c = sql[i] ?? "";
    const next = sql[i + 1] ?? "";
    if (/\s/.test(c)) i++;
    else if (c === "-" && next === "-") {
      while (i < sql.length && sql[i] !== "\n") i++;
    } else if (c === "/" && next === "*") {
      let depth = 0;
      do {
        if (i >= sql.length) unterminated("comment");
        if (sql.startsWith("/*", i)) {
          depth++;
          i += 2;
        } else if (sql.startsWith("*/", i)) {
          depth--;
          i += 2;
        } else i++;
      } while (depth > 0);
    } else if (c === "'" || (/[eEbBxXnN]/.test(c) && next === "'")) {
      i += c === "'" ? 1 : 2;
      quoted("'", c === "e" || c === "E", "string");
      push("string", start);
    } else if (/[uU]/.test(c) && next === "&" && (sql[i + 2] === "'" || sql[i + 2] === '"')) {
      const q = sql[i + 2] ?? "";
      i += 3;
      quoted(q, false, q === "'" ? "string" : "quoted identifier");
      const body = sql.slice(start + 3, i - 1).replaceAll(q + q, q);
      // Unicode escapes could spell any name; decode the usual ones, refuse a custom escape.
      if (/^\s*uescape\b/i.test(sql.slice(i)))
        throw new AppError("VALIDATION", "UESCAPE is not supported here; write the name plainly.");
      const decoded = body.replace(/\\(\\|[0-9a-fA-F]{4}|\+[0-9a-fA-F]{6})/g, (_, h: string) =>
        h === "\\" ? "\\" : String.fromCodePoint(parseInt(h.replace("+", ""), 16)),
      );
      push(q === "'" ? "string" : "quoted", start, decoded);
    } else if (c === '"') {
      i++;
      quoted('"', false, "quoted identifier");
      push("quoted", start, sql.slice(start + 1, i - 1).replaceAll('""', '"'));
    } else if (c === "$" && /[0-9]/.test(next)) {
      i++;
      while (/[0-9]/.test(sql[i] ?? "")) i++;
      push("param", start);
    } else if (c === "$") {
      const tag = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(sql.slice(i))?.[0];
      if (!tag) {
        i++;
        push("punct", start);
      } else {
        const close = sql.indexOf(tag, i + tag.length);
        if (close < 0) unterminated("dollar-quoted string");
        i = close + tag.length;
        push("string", start);
      }
    } else if (IDENT_START.test(c)) {
      while (i < sql.length && IDENT_PART.test(sql[i] ?? "")) i++;
      push("word", start, sql.slice(start, i).toLowerCase());
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(next))) {
      while (i < sql.length && /[0-9A-Za-z_.]/.test(sql[i] ?? "")) i++;
      push("number", start);
    } else {
      i++;
      push(c === ";" ? "semicolon" : "punct", start);
    }
  }
  return tokens;
}

const QUERY_KEYWORDS = new Set(["select", "with", "values", "table"]);

// Functions whose effect survives ROLLBACK or reaches outside the database session, or
// that run SQL given as a string (which this check could not see).
const FORBIDDEN_FUNCTIONS = new Set([
  "set_config",
  "nextval",
  "setval",
  "pg_notify",
  "pg_cancel_backend",
  "pg_terminate_backend",
  "pg_reload_conf",
  "pg_rotate_logfile",
  "pg_switch_wal",
  "pg_promote",
  "pg_create_restore_point",
  "pg_logical_emit_message",
  "pg_read_file",
  "pg_read_binary_file",
  "pg_stat_file",
  "pg_file_write",
  "query_to_xml",
  "query_to_xmlschema",
  "query_to_xml_and_xmlschema",
  "cursor_to_xml",
  "cursor_to_xmlschema",
  "txid_current",
  "pg_current_xact_id",
]);
const FORBIDDEN_PREFIXES = [
  "pg_advisory_",
  "pg_try_advisory_",
  "pg_ls_",
  "lo_",
  "dblink",
  "pg_stat_reset",
  "pg_replication_origin_",
  "pg_create_",
  "pg_drop_replication_slot",
];

function forbiddenFunction(name: string): boolean {
  return FORBIDDEN_FUNCTIONS.has(name) || FORBIDDEN_PREFIXES.some((p) => name.startsWith(p));
}

export type CheckedQuery = {
  /** The one statement, without trailing semicolons or comments around it. */
  statement: string;
  /** Its first keyword, lower case: select, with, values or table. */
  keyword: string;
};

/** Accepts exactly one read-only query, or throws an AppError saying what is wrong. */
export function checkReadOnlyQuery(sql: string): CheckedQuery {
  const tokens = tokenize(sql);
  const statements: Token[][] = [[]];
  for (const t of tokens) {
    if (t.kind === "semicolon") statements.push([]);
    else statements.at(-1)?.push(t);
  }
  const nonEmpty = statements.filter((s) => s.length > 0);
  if (nonEmpty.length > 1)
    throw new AppError("VALIDATION", `Send one statement at a time; this SQL holds ${nonEmpty.length} statements.`);
  const body = nonEmpty[0];
  const first = body?.[0];
  const last = body?.at(-1);
  if (!body || !first || !last) throw new AppError("VALIDATION", "The SQL is empty.");

  const lead = body.find((t) => !(t.kind === "punct" && t.value === "("));
  const keyword = lead?.kind === "word" ? lead.value : "";
  if (!QUERY_KEYWORDS.has(keyword)) {
    const what = keyword ? `${keyword.toUpperCase()} statement` : "statement";
    const hint = keyword === "explain" ? " Use the explain tool to see a query plan." : "";
    throw new AppError(
      "READ_ONLY",
      `Only read-only queries (SELECT, WITH, VALUES or TABLE) can run here; this is a ${what}.${hint}`,
    );
  }
  body.forEach((t, i) => {
    const next = body[i + 1];
    if (
      (t.kind === "word" || t.kind === "quoted") &&
      next?.kind === "punct" &&
      next.value === "(" &&
      forbiddenFunction(t.value)
    )
      throw new AppError(
        "READ_ONLY",
        `The query calls ${t.value}(), which can change state beyond the query; it is not allowed here.`,
      );
  });
  return { statement: sql.slice(first.start, last.end), keyword };
}

/** A name as a PostgreSQL identifier, always quoted so that any spelling is exact. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
