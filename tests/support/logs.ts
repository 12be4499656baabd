import { Writable } from "node:stream";
import { createLogger, setLoggerForTests } from "@/server/platform/log";

/** Captures the app's structured log lines for the rest of the test file. */
export function captureLogs(): { lines: () => Record<string, unknown>[]; raw: () => string } {
  let buffer = "";
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      buffer += chunk.toString();
      cb();
    },
  });
  setLoggerForTests(createLogger(stream, "debug"));
  return {
    raw: () => buffer,
    lines: () =>
      buffer
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
