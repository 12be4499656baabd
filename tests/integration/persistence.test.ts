// What survives a restart of the app on the embedded database.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openPglite, useDatabase } from "@/server/db/client";
import { signUp } from "@/server/auth/accounts";
import { findUserByEmail } from "@/server/db/users";

describe("embedded database", () => {
  it("keeps users across a restart, and a second start applies no migration twice", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "pglite-")), "pglite");
    const first = openPglite(dir);
    expect((await first.migrate()).length).toBeGreaterThan(0);
    useDatabase(first);
    await signUp({ email: "kept@example.com", password: "a long enough password" });
    await first.close();

    const second = openPglite(dir);
    expect(await second.migrate()).toEqual([]);
    useDatabase(second);
    expect(await findUserByEmail("kept@example.com")).toMatchObject({ email: "kept@example.com" });
    await second.close();
    useDatabase(undefined);
  }, 60_000);
});
