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

describe("one process per embedded database", () => {
  it("refuses a data folder another live process holds, and takes over a dead one's", async () => {
    const { lockDataDir } = await import("@/server/db/client");
    const { writeFileSync } = await import("node:fs");
    const dir = mkdtempSync(path.join(tmpdir(), "lock-"));
    writeFileSync(path.join(dir, "owner.pid"), String(process.ppid)); // alive, not us
    expect(() => lockDataDir(dir)).toThrow(`is in use by another Connectors process (pid ${process.ppid})`);
    writeFileSync(path.join(dir, "owner.pid"), "999999"); // no such process
    const unlock = lockDataDir(dir);
    unlock();
  });
});
