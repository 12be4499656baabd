// The SQL check in front of run_query: PostgreSQL's lexical rules for strings, quoted
// names, dollar quotes and comments, so that statements are counted the way the server does.
import { describe, expect, it } from "vitest";
import { checkReadOnlyQuery, quoteIdent, tokenize } from "@/server/databases/engine/sql-guard";
import { errorOf } from "../support/errors";

const codeOf = async (sql: string) => (await errorOf(() => checkReadOnlyQuery(sql))).code;

describe("tokenize", () => {
  it("keeps strings, quoted names, dollar quotes and comments whole", () => {
    const sql = `SELECT 'it''s; here', E'\\'; still', "we;ird""name", $tag$ ; $inner$ $tag$, $$;$$, U&"d\\0061ta", a$b -- x;\n/* a /* b; */ c; */ 1.5e3, $1;`;
    expect(tokenize(sql).map((t) => `${t.kind}:${t.value}`)).toEqual([
      "word:select",
      "string:'it''s; here'",
      "punct:,",
      "string:E'\\'; still'",
      "punct:,",
      'quoted:we;ird"name',
      "punct:,",
      "string:$tag$ ; $inner$ $tag$",
      "punct:,",
      "string:$$;$$",
      "punct:,",
      "quoted:data",
      "punct:,",
      "word:a$b",
      "number:1.5e3",
      "punct:,",
      "param:$1",
      "semicolon:;",
    ]);
  });

  it.each([
    ["SELECT 'open", "string"],
    ['SELECT "open', "quoted identifier"],
    ["SELECT $x$ open", "dollar-quoted string"],
    ["SELECT 1 /* open /* nested */", "comment"],
  ])("refuses unterminated input: %s", async (sql, what) => {
    expect((await errorOf(() => tokenize(sql))).message).toBe(`The SQL has an unterminated ${what}.`);
  });
});

describe("checkReadOnlyQuery", () => {
  it("returns the one statement without trailing semicolons and comments", () => {
    expect(checkReadOnlyQuery("  -- why\nSELECT 1 ; ;  -- done")).toEqual({ statement: "SELECT 1", keyword: "select" });
    expect(checkReadOnlyQuery("((VALUES (1)))").keyword).toBe("values");
    expect(checkReadOnlyQuery("table sales.orders").keyword).toBe("table");
    expect(checkReadOnlyQuery("WITH x AS (SELECT 1) SELECT * FROM x").keyword).toBe("with");
  });

  it.each(["SELECT 1; SELECT 2", "SELECT 1;;DELETE FROM t", "SELECT 'a'';'; DROP TABLE t"])(
    "counts several statements: %s",
    async (sql) => {
      expect(await codeOf(sql)).toBe("VALIDATION");
    },
  );

  it.each(["", " ; ", "-- nothing"])("refuses empty SQL %j", async (sql) => {
    expect((await errorOf(() => checkReadOnlyQuery(sql))).message).toBe("The SQL is empty.");
  });

  it.each([
    "INSERT INTO t VALUES (1)",
    "update t set a = 1",
    "EXPLAIN SELECT 1",
    "SHOW work_mem",
    "DO $$ $$",
    "COPY t TO STDOUT",
    "CALL p()",
    "( DELETE FROM t )",
    "1",
  ])("refuses what is not a query: %s", async (sql) => {
    expect(await codeOf(sql)).toBe("READ_ONLY");
  });

  it.each([
    "SELECT set_config('a', 'b', false)",
    "SELECT pg_catalog.SET_CONFIG('a', 'b', false)",
    "SELECT \"nextval\"('s')",
    "SELECT U&\"\\0073etval\"('s', 1)",
    "SELECT * FROM t, LATERAL pg_try_advisory_lock(1) x",
    "SELECT lo_import('/etc/passwd')",
    "SELECT * FROM pg_ls_waldir()",
    "SELECT dblink_exec('x', 'y')",
    "SELECT cursor_to_xml('c', 1, true, false, '')",
  ])("refuses functions with lasting effects: %s", async (sql) => {
    expect(await codeOf(sql)).toBe("READ_ONLY");
  });

  it("allows those names where they are not calls", () => {
    expect(checkReadOnlyQuery("SELECT 'set_config(' AS s, nextval FROM t").keyword).toBe("select");
  });

  it("refuses a custom Unicode escape character rather than guess a name", async () => {
    expect(await codeOf(`SELECT U&"!0073et_config" UESCAPE '!' ('a', 'b', false)`)).toBe("VALIDATION");
  });
});

describe("quoteIdent", () => {
  it("quotes every name and doubles embedded quotes", () => {
    expect(quoteIdent('we"ird')).toBe('"we""ird"');
    expect(quoteIdent("Order")).toBe('"Order"');
  });
});
