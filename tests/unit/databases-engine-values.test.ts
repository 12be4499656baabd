// PostgreSQL text output to JSON-safe values, connection input parsing, database error fields
// and the sample data generator: the engine's pure parts.
import { describe, expect, it } from "vitest";
import {
  describeConnection,
  parseConnectionInput,
  parseConnectionUrl,
} from "@/server/databases/engine/connection-input";
import { pgErrorFields } from "@/server/databases/engine/errors";
import { firstReplyProblem } from "@/server/databases/engine/handshake";
import { buildSampleSql } from "@/server/databases/engine/sample-data";
import { toJsonValue } from "@/server/databases/engine/values";
import { errorOf } from "../support/errors";

describe("toJsonValue", () => {
  const limits = { maxTextLength: 10, maxBytesShown: 2 };
  it.each([
    [16, "t", true],
    [16, "f", false],
    [23, "42", 42],
    [20, "9007199254740993", "9007199254740993"],
    [1700, "12.50", "12.50"],
    [701, "0.5", 0.5],
    [701, "-Infinity", "-Infinity"],
    [3802, '{"a": 1}', { a: 1 }],
    [3802, '{"a": "long long long"}', '{"a": "lon… (23 characters)'],
    [1114, "2024-03-01 12:00:00", "2024-03-01T12:00:00"],
    [1184, "2024-03-01 12:00:00.5+00", "2024-03-01T12:00:00.5Z"],
    [1184, "2024-03-01 12:00:00+05:30", "2024-03-01T12:00:00+05:30"],
    [1184, "2024-03-01 12:00:00-08", "2024-03-01T12:00:00-08:00"],
    [1184, "infinity", "infinity"],
    [1082, "2024-03-01", "2024-03-01"],
    [17, "\\x0102", "\\x0102"],
    [17, "\\x01020304", "\\x0102… (4 bytes)"],
    [25, "0123456789abc", "0123456789… (13 characters)"],
    [25, null, null],
  ])("type %i %j", (oid, text, expected) => {
    expect(toJsonValue(oid, text, limits)).toEqual(expected);
  });
});

describe("connection input", () => {
  it("reads a URL with percent-encoding, IPv6 and sslmode", () => {
    expect(parseConnectionUrl("postgres://us%40er:p%3Ass@[2001:db8::1]:6543/my%20db?sslmode=verify-full")).toEqual({
      host: "2001:db8::1",
      port: 6543,
      database: "my db",
      user: "us@er",
      password: "p:ss",
      tls: "verify-full",
    });
    expect(parseConnectionUrl("postgresql://u@db.example.com")).toMatchObject({
      port: 5432,
      database: "u",
      password: "",
      tls: "require",
    });
    expect(parseConnectionUrl("postgresql://u@h/d?ssl=true&application_name=x").tls).toBe("require");
  });

  it.each([
    ["mysql://u@h/d", /starts with postgresql/],
    ["postgresql://h/d", /needs a user name/],
    ["postgresql://u@h/d?sslmode=prefer", /sslmode=prefer is not supported/],
    ["postgresql://u@h/d?host=/var/run", /"host" is not supported/],
    ["postgresql://u@a,b/d", /one network host/],
    ["postgresql://u@h/d%ZZ", /percent-encoded/],
    ["postgresql:///d", /needs a host/],
    ["nonsense", /not a valid connection URL/],
  ])("refuses %s", async (url, message) => {
    const err = await errorOf(() => parseConnectionUrl(url));
    expect(err.code).toBe("INVALID_URL");
    expect(err.message).toMatch(message);
  });

  it("accepts separate fields with defaults, and describes them without the password", () => {
    const s = parseConnectionInput({ host: "db.example.com", database: "shop", user: "reader", password: "x" });
    expect(s).toMatchObject({ port: 5432, tls: "require" });
    expect(describeConnection(s)).toBe("postgresql://reader@db.example.com:5432/shop?sslmode=require");
    expect(describeConnection({ ...s, host: "::1" })).toContain("@[::1]:5432");
  });

  it("explains invalid fields", async () => {
    const err = await errorOf(() => parseConnectionInput({ host: "h", database: "d", user: "u", port: 70000 }));
    expect(err).toMatchObject({
      code: "INVALID_URL",
      message: expect.stringMatching(/^Invalid connection settings/) as unknown,
    });
    expect((await errorOf(() => parseConnectionInput({ host: "/tmp", database: "d", user: "u" }))).message).toMatch(
      /Unix sockets/,
    );
  });
});

describe("engine errors", () => {
  it("read a database error's fields and nothing else", () => {
    expect(pgErrorFields({ code: "42P01", message: "m", position: "3" })).toEqual({
      code: "42P01",
      message: "m",
      position: "3",
      detail: undefined,
      hint: undefined,
    });
    expect(pgErrorFields({ code: "ECONNREFUSED", message: "m" })).toBeUndefined();
    expect(pgErrorFields(null)).toBeUndefined();
  });
});

describe("first reply of a server", () => {
  const reply = (type: string, length: number) => {
    const b = Buffer.alloc(9);
    b.write(type);
    b.writeInt32BE(length, 1);
    return b;
  };
  it("accepts what PostgreSQL sends and refuses the rest", () => {
    expect(firstReplyProblem(reply("R", 8), false)).toBeUndefined();
    expect(firstReplyProblem(reply("E", 90), false)).toBeUndefined();
    expect(firstReplyProblem(Buffer.from("S"), true)).toBeUndefined();
    expect(firstReplyProblem(Buffer.from("N"), true)).toBeUndefined();
    expect(firstReplyProblem(reply("R", 1_000_000), false)).toMatch(/^it answered/);
    expect(firstReplyProblem(Buffer.from("SSH-2.0-OpenSSH\r\n"), true)).toBe('it answered "SSH-2.0-OpenSSH"');
    expect(firstReplyProblem(Buffer.from("HTTP/1.1 400 Bad Request\r\n"), false)).toBe(
      'it answered "HTTP/1.1 400 Bad Request"',
    );
  });
});

describe("sample data", () => {
  it("is the same every time, and different for another seed", () => {
    const a = buildSampleSql();
    expect(buildSampleSql().sql).toBe(a.sql);
    expect(buildSampleSql(17).sql).not.toBe(a.sql);
    expect(a.counts).toMatchObject({ customers: 600, orders: 2_400 });
    expect(a.sql).not.toMatch(/@(?!example\.com)[a-z]+\.[a-z]+/); // only example.com addresses
  });
});
