// Property-based tests: namespacing and encryption hold for any input.
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MODEL_TOOL_NAME, ToolNamer } from "@/server/agent/naming";
import { decryptCredentials, encryptCredentials, EncryptionError, type Keyring } from "@/server/platform/encryption";
import { report } from "../support/count";

const ring: Keyring = { keys: [{ version: 1, key: randomBytes(32) }], activeKeyVersion: 1 };

describe("fuzzing", () => {
  it("tool names are valid, unique and map back for any connectors and tools", () => {
    let tried = 0;
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({ id: fc.string({ minLength: 1, maxLength: 40 }), name: fc.string({ maxLength: 80 }) }),
          { selector: (c) => c.id, minLength: 1, maxLength: 5 },
        ),
        fc.uniqueArray(fc.string({ maxLength: 120 }), { minLength: 1, maxLength: 8 }),
        (connectors, tools) => {
          const namer = new ToolNamer();
          const seen = new Set<string>();
          for (const c of connectors) {
            for (const t of tools) {
              tried += 1;
              const name = namer.name(c, t);
              expect(name).toMatch(MODEL_TOOL_NAME);
              expect(seen.has(name)).toBe(false);
              seen.add(name);
              expect(namer.resolve(name)).toEqual({ connectorId: c.id, toolName: t });
            }
          }
        },
      ),
      { numRuns: 300 },
    );
    report("fuzz naming", tried, "all valid, unique and reversible");
  });

  it("encryption round-trips any JSON and refuses any altered byte", () => {
    let tried = 0;
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        fc.nat(),
        (value, userId, subjectId, at) => {
          tried += 1;
          const enc = encryptCredentials(value, { userId, subjectId }, ring);
          expect(decryptCredentials(enc.ciphertext, { userId, subjectId }, ring)).toEqual(
            JSON.parse(JSON.stringify(value)),
          );
          const body = Buffer.from(enc.ciphertext.split(".")[4]!, "base64url");
          if (body.length === 0) return;
          body[at % body.length] = body[at % body.length]! ^ 1;
          const parts = enc.ciphertext.split(".");
          parts[4] = body.toString("base64url");
          expect(() => decryptCredentials(parts.join("."), { userId, subjectId }, ring)).toThrow(EncryptionError);
        },
      ),
      { numRuns: 300 },
    );
    report("fuzz encryption", tried, "all round-tripped, all alterations refused");
  });
});
