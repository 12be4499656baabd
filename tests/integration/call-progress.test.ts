// The stored progress of calls that run outside the chat's stream: one row per running call,
// read only by its owner, and rows that outlived their instance are neither shown nor kept.
import { describe, expect, it } from "vitest";
import { deleteCallProgress, listCallProgress, saveCallProgress } from "@/server/db/call-progress";
import { prisma } from "@/server/db/client";
import { useTestDatabase } from "../support/db";
import { signedInCaller } from "../support/trpc";

useTestDatabase();

describe("call progress", () => {
  it("keeps the latest report of each call, for its owner only", async () => {
    const { user } = await signedInCaller();
    const other = (await signedInCaller()).user;
    const key = { userId: user.id, conversationId: "c1", toolCallId: "call_1" };
    await saveCallProgress(key, { progress: 1 });
    expect(await listCallProgress(user.id, "c1")).toEqual([{ toolCallId: "call_1", progress: 1 }]);
    await saveCallProgress(key, { progress: 2, total: 4, message: "Half way" });
    expect(await listCallProgress(user.id, "c1")).toEqual([
      { toolCallId: "call_1", progress: 2, total: 4, message: "Half way" },
    ]);
    expect(await listCallProgress(other.id, "c1")).toEqual([]);
    // Another user's call of the same name is theirs, and ending it leaves this one.
    await saveCallProgress({ ...key, userId: other.id }, { progress: 9 });
    await deleteCallProgress({ ...key, userId: other.id });
    expect(await listCallProgress(user.id, "c1")).toHaveLength(1);
    await deleteCallProgress(key);
    expect(await listCallProgress(user.id, "c1")).toEqual([]);
  });

  it("hides a row an instance left behind an hour ago, and the next call's end removes it", async () => {
    const { user } = await signedInCaller();
    const left = { userId: user.id, conversationId: "c2", toolCallId: "call_lost" };
    await saveCallProgress(left, { progress: 5 });
    await prisma().toolCallProgress.updateMany({
      where: left,
      data: { updatedAt: new Date(Date.now() - 2 * 60 * 60 * 1000) },
    });
    expect(await listCallProgress(user.id, "c2")).toEqual([]);
    await deleteCallProgress({ ...left, toolCallId: "call_next" });
    expect(await prisma().toolCallProgress.count({ where: left })).toBe(0);
  });
});
