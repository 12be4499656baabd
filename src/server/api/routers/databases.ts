import { AppError } from "@/lib/errors";
import {
  DatabaseSchemaResponse,
  DatabaseSchemaSearchRequest,
  DatabaseSchemaSearchResponse,
} from "@/lib/schemas/database-schema";
import {
  DatabaseCreateRequest,
  DatabaseDeleteResponse,
  DatabaseIdRequest,
  DatabaseResponse,
  DatabaseTestRequest,
  DatabaseTestResponse,
  DatabaseToggleRequest,
  DatabaseUpdateRequest,
  type DatabaseTestEvent,
  type DatabaseTestStep,
} from "@/lib/schemas/databases";
import { AsyncQueue } from "@/server/api/async-queue";
import { createTRPCRouter, domainError, protectedProcedure } from "@/server/api/trpc";
import { limitConnectionTests } from "@/server/auth/rate-limit";
import { testDatabase } from "@/server/databases/service/connection-test";
import { createDatabase } from "@/server/databases/service/create";
import { deleteDatabase } from "@/server/databases/service/delete";
import { getUserDatabases } from "@/server/databases/service/list";
import { getDatabaseSchema, refreshDatabaseSchema, searchDatabaseSchema } from "@/server/databases/service/schema";
import { toggleDatabase } from "@/server/databases/service/toggle";
import { updateDatabase } from "@/server/databases/service/update";
import { z } from "zod";

// Procedures that reach out to a database server count against the connection test limit.
const testingProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  await limitConnectionTests(ctx.user.id, ctx.ip);
  return next();
});

const TEST_FAILURES = [
  "INVALID_URL",
  "URL_NOT_ALLOWED",
  "TIMEOUT",
  "AUTH_FAILED",
  "NOT_POSTGRES",
  "CONNECT_FAILED",
] as const;

export const databasesRouter = createTRPCRouter({
  list: protectedProcedure
    .meta({
      summary: "The user’s databases, the sample shop first, with status; never passwords.",
      errors: ["UNAUTHENTICATED"],
    })
    .output(z.array(DatabaseResponse))
    .query(({ ctx }) => getUserDatabases(ctx.user.id)),

  test: testingProcedure
    .meta({
      summary: "Test a connection (address check, connect, authenticate, read the catalog); saves nothing.",
      errors: ["VALIDATION", "NOT_FOUND", "RATE_LIMITED"],
    })
    .input(DatabaseTestRequest)
    .output(DatabaseTestResponse)
    .mutation(({ ctx, input }) => testDatabase(ctx.user.id, input)),

  testLive: testingProcedure
    .meta({
      summary: "The connection test, streaming each step as it finishes, then the result.",
      errors: ["VALIDATION", "NOT_FOUND", "RATE_LIMITED"],
    })
    .input(DatabaseTestRequest)
    .mutation(async function* ({ ctx, input }): AsyncGenerator<DatabaseTestEvent> {
      const steps = new AsyncQueue<DatabaseTestStep>();
      const result = testDatabase(ctx.user.id, input, (s) => steps.push(s)).finally(() => steps.close());
      // Errors thrown while streaming pass by the middleware that maps domain errors.
      result.catch(() => undefined);
      for await (const step of steps) yield { type: "step", step };
      try {
        yield { type: "result", result: await result };
      } catch (err) {
        throw err instanceof AppError ? domainError(err) : err;
      }
    }),

  create: testingProcedure
    .meta({
      summary: "Test the values again, read the schema and save the database with its encrypted password.",
      errors: ["VALIDATION", ...TEST_FAILURES, "DATABASE_LIMIT", "DUPLICATE_NAME", "RATE_LIMITED"],
    })
    .input(DatabaseCreateRequest)
    .output(DatabaseResponse)
    .mutation(({ ctx, input }) => createDatabase(ctx.user.id, input)),

  update: testingProcedure
    .meta({
      summary:
        "Rename, or change the connection (saved only after a passing test; an empty password keeps the saved one for the same server and user).",
      errors: ["VALIDATION", "NOT_FOUND", ...TEST_FAILURES, "DUPLICATE_NAME", "RATE_LIMITED"],
    })
    .input(DatabaseUpdateRequest)
    .output(DatabaseResponse)
    .mutation(({ ctx, input }) => updateDatabase(ctx.user.id, input)),

  toggle: protectedProcedure
    .meta({
      summary: "Enable or disable a database (the sample too); a disabled one is hidden from the agent.",
      errors: ["NOT_FOUND"],
    })
    .input(DatabaseToggleRequest)
    .output(DatabaseResponse)
    .mutation(({ ctx, input }) => toggleDatabase(ctx.user.id, input.id, input.enabled)),

  delete: protectedProcedure
    .meta({ summary: "Delete a database and its password (not the sample).", errors: ["VALIDATION", "NOT_FOUND"] })
    .input(DatabaseIdRequest)
    .output(DatabaseDeleteResponse)
    .mutation(({ ctx, input }) => deleteDatabase(ctx.user.id, input.id)),

  schema: protectedProcedure
    .meta({
      summary:
        "The schema browser: tables and views with columns, keys, indexes, comments, row estimates, and foreign keys as diagram edges.",
      errors: ["NOT_FOUND", ...TEST_FAILURES, "QUERY_FAILED"],
    })
    .input(DatabaseIdRequest)
    .output(DatabaseSchemaResponse)
    .query(({ ctx, input }) => getDatabaseSchema(ctx.user.id, input.id)),

  refreshSchema: testingProcedure
    .meta({
      summary: "Read the schema from the server again and store it; a failure becomes the database’s last test.",
      errors: ["NOT_FOUND", ...TEST_FAILURES, "QUERY_FAILED", "RATE_LIMITED"],
    })
    .input(DatabaseIdRequest)
    .output(DatabaseSchemaResponse)
    .mutation(({ ctx, input }) => refreshDatabaseSchema(ctx.user.id, input.id)),

  searchSchema: protectedProcedure
    .meta({
      summary: "Search a database’s tables, views and columns by name, comment or type.",
      errors: ["VALIDATION", "NOT_FOUND", ...TEST_FAILURES, "QUERY_FAILED"],
    })
    .input(DatabaseSchemaSearchRequest)
    .output(DatabaseSchemaSearchResponse)
    .query(({ ctx, input }) => searchDatabaseSchema(ctx.user.id, input)),
});
