import { AppError } from "@/lib/errors";
import {
  ConnectorCreateRequest,
  ConnectorDeleteRequest,
  ConnectorDeleteResponse,
  ConnectorIdRequest,
  ConnectorResponse,
  ConnectorTestRequest,
  ConnectorTestResponse,
  ConnectorToggleRequest,
  ConnectorUpdateRequest,
  OAuthStartRequest,
  OAuthStartResponse,
  type ConnectorTestEvent,
  type TestStep,
} from "@/lib/schemas/connectors";
import { AsyncQueue } from "@/server/api/async-queue";
import { createTRPCRouter, domainError, protectedProcedure } from "@/server/api/trpc";
import { limitConnectionTests } from "@/server/auth/rate-limit";
import { startConnectorOAuth } from "@/server/connectors/oauth-flow";
import { testConnector } from "@/server/connectors/service/connection-test";
import { createConnector } from "@/server/connectors/service/create";
import { deleteConnector } from "@/server/connectors/service/delete";
import { getUserConnectors } from "@/server/connectors/service/list";
import { retestConnector } from "@/server/connectors/service/retest";
import { toggleConnector } from "@/server/connectors/service/toggle";
import { updateConnector } from "@/server/connectors/service/update";
import { z } from "zod";

// Procedures that reach out to a remote server count against the connection test limit.
const testingProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  await limitConnectionTests(ctx.user.id, ctx.ip);
  return next();
});

export const connectorsRouter = createTRPCRouter({
  list: protectedProcedure
    .meta({ summary: "The user’s connectors with status and tools; never credentials.", errors: ["UNAUTHENTICATED"] })
    .output(z.array(ConnectorResponse))
    .query(({ ctx }) => getUserConnectors(ctx.user.id)),

  /** Runs the connection test; saves nothing. */
  test: testingProcedure
    .meta({
      summary: "Test a connection (URL check, connect, authenticate, MCP handshake, list tools); saves nothing.",
      errors: ["VALIDATION", "NOT_FOUND", "RATE_LIMITED"],
    })
    .input(ConnectorTestRequest)
    .output(ConnectorTestResponse)
    .mutation(({ ctx, input }) => testConnector(ctx.user.id, input)),

  /** The same test, streaming each step as it finishes, then the result. */
  testLive: testingProcedure
    .meta({
      summary: "The connection test, streaming each step as it finishes, then the result.",
      errors: ["VALIDATION", "NOT_FOUND", "RATE_LIMITED"],
    })
    .input(ConnectorTestRequest)
    .mutation(async function* ({ ctx, input, signal }): AsyncGenerator<ConnectorTestEvent> {
      // Cancel in the form aborts the request; a closed stream ends this generator. Either
      // way the test stops, so no connection stays open for a result nobody reads.
      const stop = new AbortController();
      const onAbort = () => stop.abort(new AppError("CANCELLED", "The connection test was cancelled."));
      signal?.addEventListener("abort", onAbort, { once: true });
      if (signal?.aborted) onAbort();
      const steps = new AsyncQueue<TestStep>();
      const result = testConnector(ctx.user.id, input, (s) => steps.push(s), stop.signal).finally(() => steps.close());
      // Errors thrown while streaming pass by the middleware that maps domain errors.
      result.catch(() => undefined);
      try {
        for await (const step of steps) yield { type: "step", step };
        yield { type: "result", result: await result };
      } catch (err) {
        throw err instanceof AppError ? domainError(err) : err;
      } finally {
        signal?.removeEventListener("abort", onAbort);
        onAbort();
      }
    }),

  create: testingProcedure
    .meta({
      summary: "Test the values again and save the connector with its tools and encrypted credentials.",
      errors: [
        "VALIDATION",
        "INVALID_URL",
        "URL_NOT_ALLOWED",
        "TIMEOUT",
        "AUTH_FAILED",
        "INVALID_MCP_SERVER",
        "CONNECTOR_LIMIT",
        "DUPLICATE_NAME",
        "RATE_LIMITED",
      ],
    })
    .input(ConnectorCreateRequest)
    .output(ConnectorResponse)
    .mutation(({ ctx, input }) => createConnector(ctx.user.id, input)),

  /** Rename, or change URL or auth (which must pass a new test first). */
  update: testingProcedure
    .meta({
      summary: "Rename, or change URL or auth (saved only after a passing test).",
      errors: [
        "VALIDATION",
        "NOT_FOUND",
        "INVALID_URL",
        "URL_NOT_ALLOWED",
        "TIMEOUT",
        "AUTH_FAILED",
        "INVALID_MCP_SERVER",
        "DUPLICATE_NAME",
        "RATE_LIMITED",
      ],
    })
    .input(ConnectorUpdateRequest)
    .output(ConnectorResponse)
    .mutation(({ ctx, input }) => updateConnector(ctx.user.id, input)),

  /** "Test again" for a saved connector: its health and tool snapshot follow the result. */
  retest: testingProcedure
    .meta({
      summary: "Test a saved connector again; its health and tool snapshot follow the result.",
      errors: ["NOT_FOUND", "RATE_LIMITED"],
    })
    .input(ConnectorIdRequest)
    .output(z.object({ connector: ConnectorResponse, test: ConnectorTestResponse }))
    .mutation(({ ctx, input }) => retestConnector(ctx.user.id, input.id)),

  /** OAuth sign-in, step one: discovery and the URL the sign-in popup opens. */
  oauthStart: testingProcedure
    .meta({
      summary:
        "Start an OAuth sign-in for a connector (new: url; saved: connectorId): discovery steps, the client used and the authorization URL for the popup. The popup's callback finishes it.",
      errors: [
        "VALIDATION",
        "NOT_FOUND",
        "INVALID_URL",
        "URL_NOT_ALLOWED",
        "OAUTH_DISCOVERY_FAILED",
        "OAUTH_FAILED",
        "RATE_LIMITED",
      ],
    })
    .input(OAuthStartRequest)
    .output(OAuthStartResponse)
    .mutation(({ ctx, input }) => startConnectorOAuth(ctx.user.id, input)),

  toggle: protectedProcedure
    .meta({ summary: "Enable or disable a connector; a disabled one keeps its settings.", errors: ["NOT_FOUND"] })
    .input(ConnectorToggleRequest)
    .output(ConnectorResponse)
    .mutation(({ ctx, input }) => toggleConnector(ctx.user.id, input.id, input.enabled)),

  delete: protectedProcedure
    .meta({ summary: "Delete a connector and its credentials.", errors: ["NOT_FOUND"] })
    .input(ConnectorDeleteRequest)
    .output(ConnectorDeleteResponse)
    .mutation(({ ctx, input }) => deleteConnector(ctx.user.id, input.id)),
});
