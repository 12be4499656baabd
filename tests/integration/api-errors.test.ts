// What the browser receives when a procedure fails, and what the logs keep.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { createContext, createTRPCRouter, protectedProcedure, publicProcedure } from "@/server/api/trpc";
import { logger } from "@/server/platform/log";
import { captureLogs } from "../support/logs";

const logs = captureLogs();

const router = createTRPCRouter({
  crash: publicProcedure.query(() => {
    throw new Error("connection to postgres://admin:hunter2@db failed");
  }),
  domain: publicProcedure.query(() => {
    throw new AppError("CONNECTOR_LIMIT", "You already have 10 connectors.", { details: { limit: 10 } });
  }),
  echo: publicProcedure
    .input(z.object({ n: z.number().int().max(5, "n must be at most 5") }))
    .query(({ input }) => input.n),
  mine: protectedProcedure.query(({ ctx }) => {
    logger().info({ event: "test.mine", password: "s3cret", headers: { authorization: "Bearer abc" } }, "inside");
    return ctx.user.id;
  }),
});

async function call(path: string, input?: unknown, user: { id: string } | null = null) {
  const url = new URL(`http://app.test/api/trpc/${path}`);
  if (input !== undefined) url.searchParams.set("input", JSON.stringify({ json: input }));
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(url),
    router,
    createContext: () => createContext({ user: user && { ...user, email: null, name: null }, requestId: "req-123" }),
  });
  const body = (await res.json()) as {
    error?: { json: { message: string; data: Record<string, unknown> } };
    result?: unknown;
  };
  return { status: res.status, body };
}

describe("API errors", () => {
  it("show internal failures only as a generic message with the request id", async () => {
    const { status, body } = await call("crash");
    expect(status).toBe(500);
    expect(body.error?.json.message).toBe("Something went wrong on our side. Reference: req-123");
    expect(JSON.stringify(body)).not.toContain("hunter2");
    expect(body.error?.json.data).toMatchObject({ appCode: "INTERNAL", requestId: "req-123" });
    const logged = logs.lines().find((l) => l.event === "trpc.error");
    expect(logged).toMatchObject({ requestId: "req-123", path: "crash" });
    expect(JSON.stringify(logged)).toContain("postgres://admin:[redacted]@db");
    expect(logs.raw()).not.toContain("hunter2");
  });

  it("pass domain errors through with their code, message and HTTP status", async () => {
    const { status, body } = await call("domain");
    expect(status).toBe(409);
    expect(body.error?.json.message).toBe("You already have 10 connectors.");
    expect(body.error?.json.data).toMatchObject({ appCode: "CONNECTOR_LIMIT", details: { limit: 10 } });
  });

  it("explain invalid input field by field", async () => {
    const { status, body } = await call("echo", { n: 9 });
    expect(status).toBe(400);
    expect(body.error?.json.message).toBe("n must be at most 5");
    expect(body.error?.json.data).toMatchObject({
      appCode: "VALIDATION",
      fieldErrors: [{ path: ["n"], message: "n must be at most 5" }],
    });
  });

  it("refuse a signed-out caller on a protected procedure", async () => {
    const { status, body } = await call("mine");
    expect(status).toBe(401);
    expect(body.error?.json.data).toMatchObject({ appCode: "UNAUTHENTICATED" });
  });

  it("log with the request id and user, and never a secret", async () => {
    const { status } = await call("mine", undefined, { id: "user-1" });
    expect(status).toBe(200);
    const line = logs.lines().find((l) => l.event === "test.mine");
    expect(line).toMatchObject({
      requestId: "req-123",
      userId: "user-1",
      password: "[redacted]",
      headers: "[redacted]",
    });
    expect(logs.raw()).not.toContain("s3cret");
    expect(logs.raw()).not.toContain("Bearer abc");
  });
});
